//! Property tests on every parser of outside input: whatever arrives, it
//! never panics, and what we write ourselves reads back as itself.
//! (Email addresses and permission decisions have their own next to their
//! code: `email_address`, `authz::policy_tests`.)

use super::authz::condition::Condition;
use super::authz::policy::PermissionDocument;
use super::authz::policy::tests::ctx;
use super::credential::email_address::EmailAddress;
use super::credential::{jwt, totp};
use super::mfa::recovery_codes;
use super::tokens;
use crate::i18n::Lang;
use proptest::prelude::*;

/// Text shaped like a permission document, with parts drawn from what
/// documents hold and from anything at all.
fn document_like() -> impl Strategy<Value = String> {
    let effect = prop_oneof![Just("allow".to_string()), Just("deny".to_string()), ".{0,8}"];
    let api = prop_oneof!["[A-Za-z*:]{0,20}", ".{0,20}"];
    let condition = prop_oneof![
        Just(None),
        Just(Some("ipAddress('10.0.0.0/8')".to_string())),
        Just(Some("currentDate >= date(2026, 12, 01)".to_string())),
        ".{0,40}".prop_map(Some),
    ];
    prop::collection::vec((effect, api, condition), 0..4).prop_map(|statements| {
        let body: Vec<String> = statements
            .into_iter()
            .map(|(e, a, c)| {
                let mut s = serde_json::json!({"effect": e, "api": a});
                if let Some(c) = c {
                    s["condition"] = c.into();
                }
                s.to_string()
            })
            .collect();
        format!(r#"{{"statements":[{}]}}"#, body.join(","))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn email_parsing_never_panics_and_normalizing_twice_changes_nothing(input in ".{0,300}") {
        if let Ok(once) = EmailAddress::parse(&input) {
            let twice = EmailAddress::parse(once.as_str()).expect("a normalized address parses");
            prop_assert_eq!(twice.as_str(), once.as_str());
            prop_assert!(!once.as_str().chars().any(|c| c.is_control() || c.is_whitespace()));
        }
    }

    #[test]
    fn mixed_case_spellings_of_an_address_are_one_sign_in_name(
        local in "[a-z0-9]{1,12}", domain in "[a-z0-9]{1,12}\\.(com|jp|org)", flips in prop::collection::vec(any::<bool>(), 30),
    ) {
        let plain = format!("{local}@{domain}");
        let mixed: String = plain.chars().zip(flips.iter().cycle()).map(|(c, up)| if *up { c.to_ascii_uppercase() } else { c }).collect();
        let parsed = EmailAddress::parse(&mixed).unwrap();
        prop_assert_eq!(parsed.as_str(), plain.as_str());
    }

    #[test]
    fn permission_documents_never_panic_and_accepted_ones_decide_anything(
        text in prop_oneof![document_like(), ".{0,200}"], action in ".{0,40}",
    ) {
        if let Ok(doc) = PermissionDocument::parse(&text) {
            let _ = doc.decide(&action, &ctx());
            prop_assert!(PermissionDocument::parse(&text).is_ok(), "parsing is deterministic");
        }
    }

    #[test]
    fn conditions_never_panic_and_accepted_ones_evaluate(
        text in prop_oneof![
            ".{0,120}",
            "[a-zA-Z()'., 0-9/:<>=!&|-]{0,120}",
            Just("ipAddress('10.0.0.0/8') && currentDate >= date(2026, 1, 1)".to_string()),
        ],
    ) {
        if let Ok(c) = Condition::parse(&text) {
            let _ = c.holds(&ctx());
        }
    }

    #[test]
    fn mailed_tokens_are_recognised_and_anything_else_is_refused_without_panic(junk in ".{0,64}") {
        let token = super::credential::secret::random_token();
        prop_assert!(tokens::looks_like_token(token.expose()));
        let _ = tokens::looks_like_token(&junk);
        let altered = format!("{}{junk}", token.expose());
        prop_assert_eq!(tokens::looks_like_token(&altered), junk.is_empty());
    }

    #[test]
    fn api_tokens_round_trip_and_junk_or_tampering_is_refused(
        jti in "[A-Za-z0-9]{8,32}", user in proptest::option::of("[a-z0-9_-]{1,20}"), junk in ".{0,200}", flip in 0usize..200,
    ) {
        let key = [7u8; 32];
        let claims = jwt::Claims::new(
            jti, jwt::OperatorClaim { operator_id: "OP0012345678".into(), user_name: user }, 1_000, 2_000,
        );
        let token = jwt::sign(&key, &claims);
        prop_assert_eq!(jwt::verify(&key, &token, 1_500), Some(claims));
        prop_assert_eq!(jwt::verify(&key, &junk, 1_500), None);
        let mut bytes = token.into_bytes();
        let i = flip % bytes.len();
        bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(bytes).unwrap();
        // Changing a character may leave the base64 decoding the same
        // (its last character's spare bits); it never verifies as
        // different claims.
        if let Some(c) = jwt::verify(&key, &tampered, 1_500) {
            prop_assert_eq!(c.operator.operator_id, "OP0012345678");
        }
    }

    #[test]
    fn totp_codes_match_their_own_step_and_junk_never_panics(
        secret in prop::collection::vec(any::<u8>(), 20), t in 0i64..4_000_000_000, junk in ".{0,12}",
    ) {
        let code = totp::code_at(&secret, t);
        prop_assert_eq!(code.len(), 6);
        prop_assert_eq!(totp::matching_step(&secret, &code, t), Some(t / 30));
        let _ = totp::matching_step(&secret, &junk, t);
        prop_assert_eq!(totp::secret_from_base32(&totp::secret_base32(&secret)), Some(secret));
    }

    #[test]
    fn recovery_codes_read_back_however_they_are_typed(
        code in "[0-9a-hjkmnp-tv-z]{16}", upper in any::<bool>(), spaced in any::<bool>(), junk in ".{0,40}",
    ) {
        let typed = if upper { code.to_uppercase() } else { code.clone() };
        let typed = if spaced {
            typed.chars().collect::<Vec<_>>().chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join(" - ")
        } else {
            typed
        };
        let normalized = recovery_codes::normalize(&typed);
        let expected = recovery_codes::normalize(&code);
        prop_assert!(expected.is_some());
        prop_assert_eq!(normalized, expected);
        let _ = recovery_codes::normalize(&junk);
    }

    #[test]
    fn the_language_header_never_panics_and_our_tags_read_back(header in ".{0,120}") {
        let _ = Lang::from_accept_language(&header);
        let _ = Lang::from_tag(&header);
        for lang in [Lang::En, Lang::Ja] {
            prop_assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
            prop_assert_eq!(Lang::from_accept_language(&format!("{};q=0.9, {header}", lang.tag())).is_some(), true);
        }
    }
}
