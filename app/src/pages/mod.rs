//! One module per page.

pub mod dashboard;
pub mod email;
pub mod forgot;
pub mod login;
pub mod mailed_link;
pub mod mfa_challenge;
pub mod not_found;
pub mod recover;
pub mod reset;
pub mod roles;
pub mod sam_login;
pub mod security;
pub mod signup;
pub mod users;
