//! Reusable pieces of the console's UI.

pub mod access_tabs;
pub mod account_menu;
pub mod copy_button;
pub mod field;
pub mod island_scripts;
pub mod layout;
pub mod local_time;
pub mod notice;
pub mod reauth_field;
pub mod sent_address;
pub mod signed_in;
pub mod tabs;
