//! The server key that seals TOTP secrets at rest: `GATEHOUSE_SERVER_KEY`
//! (64 hex digits) when set, else `server.key` in the data folder, generated
//! on first start and readable by the owner only.

use app::account::credential::secret_box::ServerKey;
use std::path::Path;

/// Loads the configured key, or the data folder's key file (creating it).
pub fn load_or_create(data_dir: &Path) -> Result<ServerKey, String> {
    if let Ok(hex) = std::env::var("GATEHOUSE_SERVER_KEY")
        && !hex.trim().is_empty()
    {
        return ServerKey::from_hex(&hex).ok_or_else(|| "GATEHOUSE_SERVER_KEY must be 64 hex digits".to_string());
    }
    let path = data_dir.join("server.key");
    if !path.exists() {
        write_private(&path, &ServerKey::generate_hex())
            .map_err(|e| format!("cannot create the server key {}: {e}", path.display()))?;
        tracing::info!(path = %path.display(), "generated a new server key; back it up with the database");
    }
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    ServerKey::from_hex(&text).ok_or_else(|| format!("{} does not hold 64 hex digits", path.display()))
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    f.write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}
