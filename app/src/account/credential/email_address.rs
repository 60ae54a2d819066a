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

#[cfg(test)]
mod fuzz {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// Address-shaped input with stray characters (controls, spaces,
        /// line breaks, any Unicode) put in: parsing never panics, a clean
        /// address is accepted, and an accepted one can never carry a header
        /// break or anything else into a mail header.
        #[test]
        fn accepted_addresses_are_safe_in_mail_headers(
            local in "[a-z0-9][a-z0-9._+-]{0,10}",
            domain in "[a-z0-9]{1,10}\\.(com|jp)",
            noise in prop::collection::vec((any::<char>(), 0usize..32), 0..3),
        ) {
            prop_assume!(!local.contains("..") && !local.ends_with('.'));
            let mut input: Vec<char> = format!("{local}@{domain}").chars().collect();
            for (c, at) in &noise {
                input.insert((*at).min(input.len()), *c);
            }
            let input: String = input.into_iter().collect();
            match EmailAddress::parse(&input) {
                Ok(addr) => {
                    let s = addr.as_str();
                    prop_assert!(!s.chars().any(|c| c.is_control() || c.is_whitespace()));
                    prop_assert!(s.chars().count() <= MAX_EMAIL_LEN);
                    prop_assert_eq!(s.to_lowercase(), s);
                    prop_assert!(s.parse::<lettre::message::Mailbox>().is_ok());
                }
                Err(e) => prop_assert!(!noise.is_empty(), "a clean address was refused: {input:?} {e:?}"),
            }
        }

        /// Address-like strings with a header injection attempt are refused.
        #[test]
        fn header_breaks_are_refused(local in "[a-z]{1,10}", tail in "(\r|\n|\r\n)(Bcc|Cc|To): [a-z]{1,8}@example\\.com") {
            let input = format!("{local}@example.com{tail}");
            prop_assert_eq!(EmailAddress::parse(&input), Err(AppError::InvalidEmail));
        }

        /// Well-formed addresses are accepted and normalized.
        #[test]
        fn plain_addresses_are_accepted(local in "[A-Za-z0-9._%+-]{1,20}", domain in "[a-z0-9]([a-z0-9-]{0,18}[a-z0-9])?\\.(com|org|jp)") {
            prop_assume!(!local.starts_with('.') && !local.ends_with('.') && !local.contains(".."));
            let input = format!("{local}@{domain}");
            let parsed = EmailAddress::parse(&input);
            prop_assert!(parsed.is_ok(), "{input}: {parsed:?}");
            prop_assert_eq!(parsed.unwrap().as_str().to_string(), input.to_lowercase());
        }
    }
}
