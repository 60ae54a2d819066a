//! A world for one call: a fresh operator with its root user, the caller
//! of the kind asked (signed in to the console and to `/v1`), a target SAM
//! user with a key and a role, the MFA the row needs, and a clock moved
//! past the re-authentication window.

use super::*;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Everything allows.
const ALL: &str = r#"{"statements":[{"effect":"allow","api":"*"}]}"#;
/// A valid document for the rows that write one.
const DOC: &str = r#"{"statements":[{"effect":"allow","api":"User:getUser"}]}"#;
/// A valid new password.
const NEW_PW: &str = "fresh-meadow-5531";

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// One world, seen by its caller.
pub struct World {
    pub operator_id: String,
    /// The caller's console cookie (`None` for token-only kinds).
    pub cookie: Option<String>,
    /// The caller's `/v1` session.
    pub token: Session,
    /// The caller's SAM name (`None` for the root user).
    me: Option<String>,
    /// The target SAM user of user-scoped rows.
    target: String,
    key: String,
    own_key: String,
    password: &'static str,
}

impl World {
    /// Builds the world of one call by `kind`.
    pub async fn new(site: &ApiSite, kind: Kind, arrange: Arrange) -> World {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let email = format!("op{n}@example.com");
        site.account.create_operator_verified(&email, &Secret::new(PW), Default::default()).await.unwrap();
        let root = site.auth(json!({"email": email, "password": PW})).await.unwrap();
        let op = root.operator_id.clone();
        let ok = |a: Answer, what: &str| assert!(a.status.is_success(), "{what}: {} {}", a.status, a.body);
        let role = json!({"description": "", "permission": DOC});
        ok(site.call(Method::POST, &format!("/operators/{op}/roles/role1"), Some(role), Some(&root)).await, "role");

        let actor_doc = match kind {
            Kind::SamAllowed => Some(ALL),
            _ => None,
        };
        let me = (!kind.is_root()).then(|| "actor".to_string());
        if me.is_some() {
            new_user(site, &root, "actor", actor_doc).await;
        }
        let target = if kind.on_itself() { "actor" } else { "target" };
        if !kind.on_itself() {
            new_user(site, &root, "target", None).await;
        }
        let attach = json!({"roleId": "role1"});
        ok(
            site.call(Method::POST, &format!("/operators/{op}/users/{target}/roles"), Some(attach), Some(&root)).await,
            "attach",
        );
        let key = new_key(site, &root, &format!("/operators/{op}/users/{target}/auth_keys")).await;
        let root_key = new_key_pair(site, &root, &format!("/operators/{op}/auth_keys")).await;
        let own_key = match &me {
            Some(name) if name == target => key.clone(),
            Some(name) => new_key(site, &root, &format!("/operators/{op}/users/{name}/auth_keys")).await,
            None => root_key.0.clone(),
        };

        let (cookie, token, password) = match kind {
            Kind::Root => (Some(console_root(site, &email).await), root.clone(), PW),
            Kind::AuthKey => {
                let by_key = json!({"authKeyId": root_key.0, "authKey": root_key.1});
                (None, site.auth(by_key).await.unwrap(), PW)
            }
            Kind::Switched => (None, switched(site, &root, "actor").await, SAM_PW),
            _ => {
                let cookie = site.console_sam(&op, "actor", SAM_PW).await;
                let sign_in = json!({"operatorId": op, "userName": "actor", "password": SAM_PW});
                (Some(cookie), site.auth(sign_in).await.unwrap(), SAM_PW)
            }
        };
        match arrange {
            Arrange::Nothing => {}
            Arrange::OwnMfa => mfa_on(site, &op, me.as_deref(), &email).await,
            Arrange::TargetMfa => mfa_on(site, &op, Some(target), &email).await,
        }
        site.clock.advance(11 * 60);
        World { operator_id: op, cookie, token, me, target: target.into(), key, own_key, password }
    }

    /// `template` with its placeholders filled (`json`: for a JSON string).
    pub fn fill(&self, template: &str, json: bool) -> String {
        let own = match &self.me {
            Some(name) => format!("/operators/{}/users/{name}", self.operator_id),
            None => format!("/operators/{}", self.operator_id),
        };
        let quoted = |s: &str| if json { s.replace('"', "\\\"") } else { s.to_string() };
        let trust = format!(
            r#"{{"statements":[{{"effect":"allow","principal":{{"soracom":["srn:soracom:{}::User/nobody"]}}}}]}}"#,
            self.operator_id
        );
        template
            .replace("{own}", &own)
            .replace("{op}", &self.operator_id)
            .replace("{user}", &self.target)
            .replace("{ownkey}", &self.own_key)
            .replace("{key}", &self.key)
            .replace("{pw}", self.password)
            .replace("{new}", NEW_PW)
            .replace("{doc}", &quoted(DOC))
            .replace("{trust}", &quoted(&trust))
    }
}

/// SAM user `name` with a password and `document`, made by `root`.
async fn new_user(site: &ApiSite, root: &Session, name: &str, document: Option<&str>) {
    let base = format!("/operators/{}/users/{name}", root.operator_id);
    let made = site.call(Method::POST, &base, Some(json!({"description": ""})), Some(root)).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let pw = site.call(Method::POST, &format!("{base}/password"), Some(json!({"password": SAM_PW})), Some(root)).await;
    assert_eq!(pw.status, StatusCode::CREATED, "{}", pw.body);
    if let Some(doc) = document {
        let set =
            site.call(Method::PUT, &format!("{base}/permission"), Some(json!({"permission": doc})), Some(root)).await;
        assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    }
}

/// A new key at `path` (made by `root`, signed in moments ago): its id and secret.
async fn new_key_pair(site: &ApiSite, root: &Session, path: &str) -> (String, String) {
    let made = site.call(Method::POST, path, None, Some(root)).await;
    assert!(made.status.is_success(), "{}", made.body);
    (made.body["authKeyId"].as_str().unwrap().into(), made.body["authKey"].as_str().unwrap().into())
}

async fn new_key(site: &ApiSite, root: &Session, path: &str) -> String {
    new_key_pair(site, root, path).await.0
}

/// The root user `email` signed in to the console: its cookie.
async fn console_root(site: &ApiSite, email: &str) -> String {
    let a = site.console(None, "sign_in", &[("email", email), ("password", PW)]).await;
    a.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.contains("gh_session=") && !c.contains("gh_session=;"))
        .map(|c| c.split(';').next().unwrap().to_string())
        .unwrap_or_else(|| panic!("no session cookie: {} {}", a.status, a.body))
}

/// A token of `name` that user `switcher` got by `switchUser`.
async fn switched(site: &ApiSite, root: &Session, name: &str) -> Session {
    let op = &root.operator_id;
    new_user(site, root, "switcher", Some(r#"{"statements":[{"effect":"allow","api":"Auth:switchUser"}]}"#)).await;
    let trust = format!(
        r#"{{"statements":[{{"effect":"allow","principal":{{"soracom":["srn:soracom:{op}::User/switcher"]}}}}]}}"#
    );
    let path = format!("/operators/{op}/users/{name}/trust_policy");
    assert!(site.call(Method::PUT, &path, Some(json!({"trustPolicy": trust})), Some(root)).await.status.is_success());
    let switcher = site.auth(json!({"operatorId": op, "userName": "switcher", "password": SAM_PW})).await.unwrap();
    let a = site
        .call(Method::POST, "/auth/switch_user", Some(json!({"operatorId": op, "userName": name})), Some(&switcher))
        .await;
    assert!(a.status.is_success(), "{}", a.body);
    Session {
        api_key: a.body["apiKey"].as_str().unwrap().into(),
        token: a.body["token"].as_str().unwrap().into(),
        operator_id: op.clone(),
    }
}

/// Turns on the MFA of SAM user `name` (the root user's, `root_email`,
/// for `None`), with a token opened with its password for the purpose.
async fn mfa_on(site: &ApiSite, op: &str, name: Option<&str>, root_email: &str) {
    let (who, mfa) = match name {
        Some(name) => (
            site.auth(json!({"operatorId": op, "userName": name, "password": SAM_PW})).await.unwrap(),
            format!("/operators/{op}/users/{name}/mfa"),
        ),
        None => {
            (site.auth(json!({"email": root_email, "password": PW})).await.unwrap(), format!("/operators/{op}/mfa"))
        }
    };
    let on = site.call(Method::POST, &mfa, None, Some(&who)).await;
    let uri = on.body["totpUri"].as_str().unwrap_or_else(|| panic!("{}", on.body)).to_string();
    let secret = uri.split("secret=").nth(1).unwrap().split('&').next().unwrap();
    let seed = app::account::credential::totp::secret_from_base32(secret).unwrap();
    site.clock.advance(30);
    let code = app::account::credential::totp::code_at(&seed, site.clock.now_secs());
    let verified =
        site.call(Method::POST, &format!("{mfa}/verify"), Some(json!({"mfaOTPCode": code})), Some(&who)).await;
    assert!(verified.status.is_success(), "{}", verified.body);
}
