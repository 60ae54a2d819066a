//! The password rules of NIST SP 800-63B: a minimum length, at most 128
//! characters, no composition rules, not a common or breached password, and
//! not the account's email address.

use super::Secret;
use super::config::MAX_PASSWORD_LEN;
use crate::error::{AppError, Field};
use std::collections::HashSet;
use std::sync::OnceLock;

/// The shipped list of common passwords (8 characters or more; shorter
/// ones fail the length rule anyway).
static COMMON: &str = include_str!("../../data/common-passwords.txt");

fn common_set() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| COMMON.lines().map(str::trim).filter(|l| !l.is_empty()).collect())
}

/// Checks a new password against the policy; the error names the rule broken.
/// Length counts Unicode characters, not bytes.
pub fn check_password(password: &str, email: Option<&str>, min_len: usize) -> Result<(), AppError> {
    let len = password.chars().count();
    if len < min_len {
        return Err(AppError::PasswordTooShort { min: min_len });
    }
    if len > MAX_PASSWORD_LEN {
        return Err(AppError::PasswordTooLong { max: MAX_PASSWORD_LEN });
    }
    let lower = password.to_lowercase();
    if common_set().contains(lower.as_str()) {
        return Err(AppError::PasswordCommon);
    }
    if let Some(email) = email
        && lower.trim() == email.trim().to_lowercase()
    {
        return Err(AppError::PasswordIsEmail);
    }
    Ok(())
}

/// Checks a new password typed twice (sign-up, change, reset): present,
/// within the policy, and the same both times.
pub fn check_new_password(new: &Secret, confirm: &Secret, email: Option<&str>, min_len: usize) -> Result<(), AppError> {
    if new.expose().is_empty() {
        return Err(AppError::Required(Field::Password));
    }
    check_password(new.expose(), email, min_len)?;
    if confirm.expose().is_empty() {
        return Err(AppError::Required(Field::Confirm));
    }
    if new != confirm {
        return Err(AppError::PasswordMismatch);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seven_character_password_is_too_short() {
        assert_eq!(check_password("abcdefg", None, 8), Err(AppError::PasswordTooShort { min: 8 }));
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert!(check_password("パスワードです安全", None, 8).is_ok());
        assert_eq!(check_password("パスワード", None, 8), Err(AppError::PasswordTooShort { min: 8 }));
    }

    #[test]
    fn passwords_over_128_characters_are_rejected() {
        let long = "x".repeat(129);
        assert_eq!(check_password(&long, None, 8), Err(AppError::PasswordTooLong { max: 128 }));
        assert!(check_password(&"xq7".repeat(42), None, 8).is_ok());
    }

    #[test]
    fn common_passwords_are_rejected_in_any_case() {
        assert_eq!(check_password("Password", None, 8), Err(AppError::PasswordCommon));
        assert_eq!(check_password("iloveyou", None, 8), Err(AppError::PasswordCommon));
    }

    #[test]
    fn the_email_address_is_not_a_password() {
        assert_eq!(check_password("Alice@Example.com", Some("alice@example.com"), 8), Err(AppError::PasswordIsEmail));
    }

    #[test]
    fn no_composition_rules_apply() {
        assert!(check_password("correct horse battery staple", None, 8).is_ok());
    }
}
