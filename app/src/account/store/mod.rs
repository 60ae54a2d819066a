//! Storage: the connection and its dialect helpers, the tables as sea-orm
//! entities, the migrations, the hot queries' prebuilt SQL, and the SQLite
//! backup. The flows reach the database through these.

pub mod backup;
pub mod db;
pub mod entities;
pub(crate) mod migration;
pub(crate) mod prebuilt;
