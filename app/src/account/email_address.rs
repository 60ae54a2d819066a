//! Email addresses as sign-in names: validated (lettre's RFC 5321 parser,
//! no CR/LF, sane length) and normalized (trimmed, lower-cased) so one
//! mailbox is one account.

use crate::error::{AppError, Field};

/// Longest accepted address (RFC 5321 path limit).
pub const MAX_EMAIL_LEN: usize = 254;

/// A validated, normalized email address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// Validates and normalizes what a person typed.
    pub fn parse(input: &str) -> Result<Self, AppError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(AppError::Required(Field::Email));
        }
        if trimmed.chars().count() > MAX_EMAIL_LEN {
            return Err(AppError::TooLong(Field::Email));
        }
        if trimmed.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(AppError::InvalidEmail);
        }
        let lower = trimmed.to_lowercase();
        let address: lettre::Address = lower.parse().map_err(|_| AppError::InvalidEmail)?;
        if !address.domain().contains('.') && address.domain() != "localhost" {
            return Err(AppError::InvalidEmail);
        }
        Ok(EmailAddress(lower))
    }

    /// The normalized address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_trimmed_and_lower_cased() {
        assert_eq!(EmailAddress::parse("  Alice@Example.COM ").unwrap().as_str(), "alice@example.com");
    }

    #[test]
    fn malformed_addresses_are_invalid() {
        for bad in [
            "alice",
            "alice@",
            "@example.com",
            "a b@example.com",
            "alice@example.com\r\nBcc: x@y.z",
            "alice@@example.com",
        ] {
            assert_eq!(EmailAddress::parse(bad), Err(AppError::InvalidEmail), "{bad:?}");
        }
    }

    #[test]
    fn empty_and_huge_addresses_name_the_field() {
        assert_eq!(EmailAddress::parse("   "), Err(AppError::Required(Field::Email)));
        let huge = format!("{}@example.com", "a".repeat(10_000));
        assert_eq!(EmailAddress::parse(&huge), Err(AppError::TooLong(Field::Email)));
    }
}
