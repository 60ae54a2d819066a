//! TOTP per RFC 6238 (SHA-1, 6 digits, 30 s, ±1 step) as pure functions of
//! a passed-in time, so the window is tested without waiting. Replay is
//! prevented by the caller, which stores the last accepted step.

use qrcode::QrCode;
use qrcode::render::svg;
use rand::RngCore;
use rand::rngs::OsRng;
use totp_rs::{Algorithm, Builder, Totp};

/// Seconds per step.
pub const STEP_SECS: i64 = 30;
/// Length of a TOTP secret: 160 bits, as RFC 4226 recommends.
pub const SECRET_BYTES: usize = 20;
/// The issuer shown in authenticator apps.
pub const ISSUER: &str = "Gatehouse";

/// A fresh random TOTP secret.
pub fn new_secret() -> Vec<u8> {
    let mut bytes = vec![0u8; SECRET_BYTES];
    OsRng.fill_bytes(&mut bytes);
    bytes
}

fn totp(secret: &[u8], account: &str) -> Option<Totp> {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(STEP_SECS as u64)
        .with_secret(secret.to_vec())
        .with_issuer(Some(ISSUER))
        .with_account_name(account.replace(':', "_"))
        .build()
        .ok()
}

/// The step a code belongs to if it is valid at `now` (steps −1, 0, +1);
/// anything that is not exactly six digits is no code.
pub fn matching_step(secret: &[u8], code: &str, now: i64) -> Option<i64> {
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) || now < 0 {
        return None;
    }
    totp(secret, "x")?.check(code, now as u64).map(|s| s as i64)
}

/// The code of the step containing `time` (for tests and the set-up check).
pub fn code_at(secret: &[u8], time: i64) -> String {
    totp(secret, "x").map(|t| t.generate(time.max(0) as u64).to_string()).unwrap_or_default()
}

/// The secret as base32, the form typed into an authenticator by hand.
pub fn secret_base32(secret: &[u8]) -> String {
    totp_rs::Secret::from(secret.to_vec()).to_base32()
}

/// Reads a base32 secret back (what a person typed into an app).
pub fn secret_from_base32(text: &str) -> Option<Vec<u8>> {
    totp_rs::Secret::try_from_base32(text.trim()).ok().map(|s| s.as_bytes().to_vec())
}

/// The `otpauth://` URI an authenticator app scans.
pub fn otpauth_uri(secret: &[u8], account: &str) -> String {
    totp(secret, account).and_then(|t| t.to_url().ok()).unwrap_or_default()
}

/// The URI as an SVG QR code.
pub fn qr_svg(uri: &str) -> String {
    QrCode::new(uri.as_bytes())
        .map(|qr| {
            qr.render::<svg::Color<'_>>()
                .min_dimensions(200, 200)
                .dark_color(svg::Color("#000000"))
                .light_color(svg::Color("#ffffff"))
                .build()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B test secret (SHA-1).
    const RFC_SECRET: &[u8] = b"12345678901234567890";

    #[test]
    fn codes_match_the_rfc_6238_vectors() {
        // RFC 6238 lists 8-digit codes; the 6-digit code is their last six digits.
        assert_eq!(code_at(RFC_SECRET, 59), "287082");
        assert_eq!(code_at(RFC_SECRET, 1_111_111_109), "081804");
        assert_eq!(code_at(RFC_SECRET, 2_000_000_000), "279037");
    }

    #[test]
    fn steps_minus_one_to_plus_one_are_accepted() {
        let now = 1_767_225_615; // the middle of a step
        let step = now / STEP_SECS;
        for k in -1..=1 {
            let code = code_at(RFC_SECRET, now + k * STEP_SECS);
            assert_eq!(matching_step(RFC_SECRET, &code, now), Some(step + k), "step {k}");
        }
    }

    #[test]
    fn steps_minus_two_and_plus_two_are_refused() {
        let now = 1_767_225_615;
        for k in [-2, 2] {
            let code = code_at(RFC_SECRET, now + k * STEP_SECS);
            assert_eq!(matching_step(RFC_SECRET, &code, now), None, "step {k}");
        }
    }

    #[test]
    fn malformed_codes_are_no_codes() {
        let now = 1_767_225_615;
        let code = code_at(RFC_SECRET, now);
        for bad in [&code[..5], &format!("{code}0"), "12a456", "", " 123456"] {
            assert_eq!(matching_step(RFC_SECRET, bad, now), None, "{bad:?}");
        }
    }

    #[test]
    fn the_uri_names_the_issuer_and_account() {
        let uri = otpauth_uri(&new_secret(), "alice@example.com");
        assert!(uri.starts_with("otpauth://totp/Gatehouse:alice%40example.com?"), "{uri}");
        assert!(uri.contains("issuer=Gatehouse"));
        assert!(qr_svg(&uri).contains("<svg"));
    }

    #[test]
    fn secrets_carry_160_bits() {
        assert_eq!(new_secret().len(), 20);
        assert_eq!(secret_base32(&new_secret()).len(), 32);
    }
}
