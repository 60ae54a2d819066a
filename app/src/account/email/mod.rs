//! The operator's addresses: the Email settings flows (primary change,
//! recovery address, `/recover`) and the API's `Email` operations over the
//! same rules.

pub mod list;
pub mod settings;
