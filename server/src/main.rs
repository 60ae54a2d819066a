//! The Gatehouse server binary: configuration, database, mail transport,
//! the axum router, and admin sub-commands.

mod assets;
mod cli;
mod client_addr;
mod config;
mod health;
#[cfg(test)]
mod http_tests;
mod rest;
#[cfg(test)]
mod rest_tests;
mod router;
mod security;
mod server_fn_status;
mod server_key;
#[cfg(test)]
mod store_snapshot;

use app::account::{self, Account, Secret, SystemClock, mail::Mailer};
use app::i18n::Lang;
use axum::serve::ListenerExt;
use clap::Parser;
use cli::{Cli, Command};
use config::ServerConfig;
use leptos::config::get_configuration;
use std::io::Read;
use std::net::SocketAddr;
use std::sync::Arc;
use tracing_subscriber::EnvFilter;

/// mimalloc instead of glibc's allocator: page renders make many small,
/// short-lived allocations, which it serves with less work.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .init();
    let cli = Cli::parse();
    if let Err(e) = run(cli).await {
        eprintln!("gatehouse: {e}");
        std::process::exit(1);
    }
}

/// Everything the server writes is its own: files and folders are made
/// without any access for others (umask 077: the database, its journals,
/// backups, the outbox, the key), and the data folder is 0700 even when it
/// existed before. The store holds password hashes and addresses.
fn private_files(data_dir: &std::path::Path) -> Result<(), String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // SAFETY: umask only sets the process's file-creation mask.
        unsafe { libc::umask(0o077) };
        std::fs::create_dir_all(data_dir)
            .map_err(|e| format!("cannot create the data folder {}: {e}", data_dir.display()))?;
        std::fs::set_permissions(data_dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| format!("cannot make the data folder {} private: {e}", data_dir.display()))
    }
    #[cfg(not(unix))]
    std::fs::create_dir_all(data_dir).map_err(|e| format!("cannot create the data folder {}: {e}", data_dir.display()))
}

async fn run(cli: Cli) -> Result<(), String> {
    let leptos_options = get_configuration(None).map_err(|e| e.to_string())?.leptos_options;
    let cfg = ServerConfig::from_env(&leptos_options.site_addr.to_string())?;
    private_files(&cfg.data_dir)?;
    let db = account::store::db::connect_and_migrate(&cfg.database_url)
        .await
        .map_err(|e| format!("cannot open the database: {e}"))?;
    let mailer = match &cfg.smtp_url {
        Some(url) => Mailer::smtp(url)?,
        None => {
            if !cfg.account.is_loopback() {
                tracing::warn!(
                    public_url = %cfg.account.public_url,
                    "no SMTP_URL: mails, with their live links, go to the outbox folder; set SMTP_URL for a console others use"
                );
            }
            Mailer::outbox(cfg.data_dir.join("outbox"))
        }
    };
    let key = server_key::load_or_create(&cfg.data_dir)?;
    let account = Account::new(db, cfg.account.clone(), Arc::new(SystemClock), mailer, &key)
        .map_err(|e| format!("invalid account settings: {e}"))?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Migrate => {
            println!("migrations applied");
            Ok(())
        }
        Command::CreateOperator { email, language } => create_operator(&account, &email, &language).await,
        Command::Backup { to } => {
            account::store::backup::backup_sqlite(account.db(), &to).await.map_err(|e| e.to_string())?;
            println!("backup written to {}; keep the server key with it", to.display());
            Ok(())
        }
        Command::Serve => serve(leptos_options, account, &cfg).await,
    }
}

async fn create_operator(account: &Account, email: &str, language: &str) -> Result<(), String> {
    let lang = Lang::from_tag(language).ok_or("--language must be en or ja")?;
    let password = match std::env::var("GATEHOUSE_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            eprintln!("Password (end with Enter, then Ctrl-D):");
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s).map_err(|e| e.to_string())?;
            s.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    let created =
        account.create_operator_verified(email, &Secret::new(password), lang).await.map_err(|e| e.message(Lang::En))?;
    println!("created operator {} with root user {email}", created.operator_id);
    Ok(())
}

async fn serve(options: leptos::config::LeptosOptions, account: Account, cfg: &ServerConfig) -> Result<(), String> {
    let addr = options.site_addr;
    tokio::spawn(purge_periodically(account.clone()));
    tokio::spawn(send_queued_mail_periodically(account.clone()));
    let background = account.clone();
    let app = router::build(options, account, cfg.trusted_proxies.clone())?;
    // No Nagle delay: a response written in two parts (headers, then a file
    // body) would otherwise wait for the client's delayed ACK (~40 ms).
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?
        .tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
    tracing::info!(
        "Gatehouse is listening on http://{addr} (data in {}, mail {}). Create the first account at {}/signup or with `gatehouse create-operator --email you@example.com`.",
        cfg.data_dir.display(),
        if cfg.smtp_url.is_some() { "via SMTP" } else { "to the outbox folder" },
        cfg.account.public_url
    );
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| e.to_string())?;
    // Mails sent after their answer (lock notices) still go out.
    if tokio::time::timeout(SHUTDOWN_MAIL_WAIT, background.settle_background()).await.is_err() {
        tracing::warn!("some mails were still being sent at shutdown");
    }
    Ok(())
}

/// How long shutdown waits for mails still being sent.
const SHUTDOWN_MAIL_WAIT: std::time::Duration = std::time::Duration::from_secs(15);

/// How often expired sessions, links, stale lock rows and unverified
/// sign-ups are deleted.
const PURGE_EVERY: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Runs [`Account::purge_expired`] now and then every [`PURGE_EVERY`].
async fn purge_periodically(account: Account) {
    let mut every = tokio::time::interval(PURGE_EVERY);
    loop {
        every.tick().await;
        match account.purge_expired().await {
            Ok(p) => tracing::debug!(?p, "purged expired rows"),
            Err(e) => tracing::warn!(error = %e, "purging expired rows failed"),
        }
    }
}

/// How often the mail queue is looked at (one indexed query when empty).
const MAIL_QUEUE_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// Retries the mails the mail server could not take (see
/// `app::account::mail_queue`), on every instance.
async fn send_queued_mail_periodically(account: Account) {
    let mut every = tokio::time::interval(MAIL_QUEUE_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        match account.send_queued_mail().await {
            Ok(run) if run.sent > 0 => tracing::info!(sent = run.sent, "queued mails sent"),
            Ok(_) => {}
            Err(e) => tracing::debug!(error = %e, "the mail queue could not be read"),
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
