//! The password rules of NIST SP 800-63B: a minimum length, at most 128
//! characters, no composition rules, not a common or breached password, and
//! not the account's email address.

use super::secret::Secret;
use crate::account::config::MAX_PASSWORD_LEN;
use crate::error::{AppError, Field};
use std::cmp::Ordering;

/// The shipped list of common and breached passwords: about 200 000 of 8
/// characters or more (shorter ones fail the length rule anyway), in lower
/// case, one per line, sorted by bytes. It stays one static string, searched
/// in place: no set of 200 000 strings in memory.
static COMMON: &str = include_str!("../../../data/common-passwords.txt");

/// Whether `needle` is a whole line of `sorted` (lines in byte order),
/// by binary search over the text itself.
fn contains_line(sorted: &str, needle: &str) -> bool {
    let bytes = sorted.as_bytes();
    // Both ends are always the start of a line (or the end of the text).
    let (mut lo, mut hi) = (0, bytes.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = bytes[..mid].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1).max(lo);
        let end = bytes[start..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| start + i);
        match sorted[start..end].cmp(needle) {
            Ordering::Equal => return true,
            Ordering::Less => lo = end + 1,
            Ordering::Greater => hi = start,
        }
    }
    false
}

/// Whose password it is: what a guesser knows of the account.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PasswordOwner<'a> {
    /// Nothing known (the policy's other rules still apply).
    #[default]
    Unknown,
    /// A root user, by its sign-in address.
    Email(&'a str),
    /// A SAM user, by its operator id and name.
    SamUser { operator_id: &'a str, name: &'a str },
}

impl<'a> From<Option<&'a str>> for PasswordOwner<'a> {
    fn from(email: Option<&'a str>) -> Self {
        email.map_or(PasswordOwner::Unknown, PasswordOwner::Email)
    }
}

impl<'a> PasswordOwner<'a> {
    /// The owner a stored user is (root by its address, SAM by its name).
    pub fn of(u: &'a crate::account::store::entities::user::Model) -> Self {
        match (u.email.as_deref(), u.name.as_deref()) {
            (Some(email), _) => PasswordOwner::Email(email),
            (None, Some(name)) => PasswordOwner::SamUser { operator_id: &u.operator_id, name },
            (None, None) => PasswordOwner::Unknown,
        }
    }

    fn email(self) -> Option<&'a str> {
        match self {
            PasswordOwner::Email(e) => Some(e),
            _ => None,
        }
    }
}

/// Words a guesser tries first for this account: the product's name, the
/// email's local part and domain name, a SAM user's name and its parts. A
/// password that is one of them with only digits or punctuation around it
/// is refused, and so is one holding the operator id.
fn is_context_word(lower: &str, owner: PasswordOwner) -> bool {
    let core = lower.trim_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation() || c.is_whitespace());
    let mut words = vec!["gatehouse".to_string()];
    match owner {
        PasswordOwner::Unknown => {}
        PasswordOwner::Email(email) => {
            if let Some((local, domain)) = email.to_lowercase().split_once('@') {
                words.push(local.to_string());
                words.extend(domain.split('.').next().map(str::to_string));
            }
        }
        PasswordOwner::SamUser { operator_id, name } => {
            if lower.contains(&operator_id.to_lowercase()) {
                return true;
            }
            let name = name.to_lowercase();
            words.extend(name.split(|c: char| !c.is_alphanumeric()).map(str::to_string));
            words.push(name);
        }
    }
    words.iter().any(|w| w.chars().count() >= 4 && core == w)
}

/// Checks a new password against the policy; the error names the rule broken.
/// Length counts Unicode characters, not bytes.
pub fn check_password<'a>(password: &str, owner: impl Into<PasswordOwner<'a>>, min_len: usize) -> Result<(), AppError> {
    let owner = owner.into();
    let len = password.chars().count();
    if len < min_len {
        return Err(AppError::PasswordTooShort { min: min_len });
    }
    if len > MAX_PASSWORD_LEN {
        return Err(AppError::PasswordTooLong { max: MAX_PASSWORD_LEN });
    }
    let lower = password.to_lowercase();
    if contains_line(COMMON, &lower) || is_context_word(&lower, owner) {
        return Err(AppError::PasswordCommon);
    }
    if let Some(email) = owner.email()
        && lower.trim() == email.trim().to_lowercase()
    {
        return Err(AppError::PasswordIsEmail);
    }
    Ok(())
}

/// Checks a new password typed twice (sign-up, change, reset): present,
/// within the policy, and the same both times.
pub fn check_new_password<'a>(
    new: &Secret,
    confirm: &Secret,
    owner: impl Into<PasswordOwner<'a>>,
    min_len: usize,
) -> Result<(), AppError> {
    if new.expose().is_empty() {
        return Err(AppError::Required(Field::Password));
    }
    check_password(new.expose(), owner, min_len)?;
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
    fn frequent_and_breached_passwords_are_rejected() {
        for pw in
            ["password123", "admin123", "Aa123456", "p@ssw0rd", "12345678910", "00000000", "princess1", "sunshine1"]
        {
            assert_eq!(check_password(pw, None, 8), Err(AppError::PasswordCommon), "{pw}");
        }
    }

    #[test]
    fn the_list_is_large_sorted_and_every_entry_is_found() {
        let lines: Vec<&str> = COMMON.lines().collect();
        assert!(lines.len() >= 100_000, "{} entries", lines.len());
        assert!(lines.windows(2).all(|w| w[0] < w[1]), "sorted by bytes, no duplicates");
        assert!(lines.iter().all(|l| l.chars().count() >= 8 && *l == l.to_lowercase()));
        for l in &lines {
            assert!(contains_line(COMMON, l), "{l}");
        }
        for absent in ["", "a", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "tulip-river-42", "\u{10ffff}"] {
            assert!(!contains_line(COMMON, absent), "{absent:?}");
        }
    }

    #[test]
    fn the_product_name_and_the_address_are_no_passwords() {
        for pw in ["gatehouse1", "Gatehouse!2026", "alice.smith99", "examplecorp1"] {
            assert_eq!(
                check_password(pw, Some("alice.smith@examplecorp.com"), 8),
                Err(AppError::PasswordCommon),
                "{pw}"
            );
        }
        assert!(check_password("alice-in-the-garden", Some("alice@examplecorp.com"), 8).is_ok());
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
