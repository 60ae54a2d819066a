//! The command line: `gatehouse` (serve), `gatehouse create-operator`,
//! `gatehouse migrate`, `gatehouse backup`, and `--help`.

use clap::{Parser, Subcommand};

/// Gatehouse: a self-hosted account-and-access console.
///
/// Configuration comes from environment variables (see the README):
/// GATEHOUSE_DATA_DIR, DATABASE_URL, SMTP_URL, MAIL_FROM, PUBLIC_URL,
/// LEPTOS_SITE_ADDR, lock, token and argon2 settings.
#[derive(Debug, Parser)]
#[command(name = "gatehouse", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What to do; serving the console is the default.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the console (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Write a consistent copy of the SQLite store to a new file, while the
    /// server runs (keep the server key with it; see "Backups" in the README).
    Backup {
        /// The file to write; it must not exist yet.
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Create a verified operator with a root user, for the first admin of
    /// a self-hosted install. The password is read from the environment
    /// variable GATEHOUSE_PASSWORD, or from standard input.
    CreateOperator {
        /// The root user's email address.
        #[arg(long)]
        email: String,
        /// The root user's language: en or ja.
        #[arg(long, default_value = "en")]
        language: String,
    },
}
