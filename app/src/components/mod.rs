//! Reusable pieces of the console's UI.

pub mod account_menu;
pub mod field;
pub mod layout;
pub mod notice;
