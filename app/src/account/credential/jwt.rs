//! API tokens travel as signed JWTs (HS256 under a key derived from the
//! server key), shaped as the platform's CLI expects: it reads the operator
//! id from `operator.operatorId`. The signature only proves the token was
//! made here; whether it still stands is decided by its server-side row
//! (`jti`), which sign-out, revocation and password changes delete.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use super::jwt_hs256;

/// Who issues the tokens (checked on the way back in).
const ISSUER: &str = "gatehouse";

/// The operator part of the payload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OperatorClaim {
    pub operator_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
}

/// The payload of an API token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub iat: i64,
    pub exp: i64,
    /// The token's id: its session row is keyed by the digest of this.
    pub jti: String,
    pub operator: OperatorClaim,
}

impl Claims {
    /// The payload of a new token.
    pub fn new(jti: String, operator: OperatorClaim, iat: i64, exp: i64) -> Self {
        Claims { iss: ISSUER.to_string(), iat, exp, jti, operator }
    }
}

/// Signs `claims` with `key`.
pub fn sign(key: &[u8], claims: &Claims) -> String {
    jwt_hs256::install();
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &EncodingKey::from_secret(key))
        .expect("HS256 signing of a plain payload does not fail")
}

/// The claims of `token` when it is an HS256 token signed with `key` by
/// this issuer and not expired at `now` (seconds); `None` for anything
/// else: another algorithm (`none` included), an altered payload or
/// signature, a token past its `exp`, or text that is not a JWT.
pub fn verify(key: &[u8], token: &str, now: i64) -> Option<Claims> {
    jwt_hs256::install();
    let mut rules = Validation::new(Algorithm::HS256);
    // Expiry is checked against the service's clock below, not the OS's.
    rules.validate_exp = false;
    rules.set_required_spec_claims(&["exp", "iss"]);
    rules.set_issuer(&[ISSUER]);
    let data = jsonwebtoken::decode::<Claims>(token, &DecodingKey::from_secret(key), &rules).ok()?;
    (data.claims.exp > now).then_some(data.claims)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn b64(data: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(data)
    }

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn claims(exp: i64) -> Claims {
        Claims::new("jti-1".into(), OperatorClaim { operator_id: "OP0012345678".into(), user_name: None }, 100, exp)
    }

    #[test]
    fn a_token_made_here_is_accepted_until_it_expires() {
        let token = sign(KEY, &claims(200));
        assert_eq!(verify(KEY, &token, 199), Some(claims(200)));
        assert_eq!(verify(KEY, &token, 200), None);
    }

    #[test]
    fn the_payload_carries_the_operator_id_where_the_cli_reads_it() {
        let token = sign(KEY, &claims(200));
        let payload = token.split('.').nth(1).unwrap();
        let json = String::from_utf8(URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["operator"]["operatorId"], "OP0012345678");
        assert!(v["operator"].get("userName").is_none(), "no null for the root user");
    }

    #[test]
    fn a_token_signed_with_another_key_is_refused() {
        let token = sign(b"another key, another server.....", &claims(200));
        assert_eq!(verify(KEY, &token, 150), None);
    }

    #[test]
    fn an_altered_payload_is_refused() {
        let token = sign(KEY, &claims(200));
        let parts: Vec<&str> = token.split('.').collect();
        let mut forged = claims(200);
        forged.operator.operator_id = "OP0099999999".into();
        let body = b64(serde_json::to_string(&forged).unwrap().as_bytes());
        assert_eq!(verify(KEY, &format!("{}.{body}.{}", parts[0], parts[2]), 150), None);
    }

    #[test]
    fn an_unsigned_token_is_refused() {
        let header = b64(br#"{"alg":"none","typ":"JWT"}"#);
        let body = b64(serde_json::to_string(&claims(200)).unwrap().as_bytes());
        assert_eq!(verify(KEY, &format!("{header}.{body}."), 150), None);
        assert_eq!(verify(KEY, &format!("{header}.{body}"), 150), None);
    }

    #[test]
    fn text_that_is_not_a_token_is_refused() {
        for junk in ["", ".", "..", "a.b.c", "not a token", "eyJ.eyJ.eyJ"] {
            assert_eq!(verify(KEY, junk, 150), None, "{junk:?}");
        }
    }
}
