//! Who may do what: the only place that decides.
pub mod action;
pub mod condition;
pub mod policy;
