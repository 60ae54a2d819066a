//! One operation, one rule: every operation a signed-in caller can ask
//! (the `/v1` operations of the OpenAPI document and the console's server
//! functions, taken from the routers themselves), asked by every kind of
//! caller, gets the same decision from the console and from `/v1`.
//!
//! Each call is made in a world of its own (a fresh operator, its users,
//! a role and keys), so no call sees another's effects. The caller signed
//! in more than ten minutes ago: a recent sign-in stands in for a proof
//! only on `/v1`, whose requests carry no code, and the console's forms
//! then need the same proof the API needs. Tokens opened with an auth key
//! or by `switchUser` exist on `/v1` only; their decision must be the one
//! of a password token of the same user, changed only where the table of
//! `authz::proof` says so.

mod rows;
mod world;

use super::*;
use app::account::authz::proof::{self, Guarded, Needs, Opened};
use rows::rows;
use world::World;

/// Who asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The root user.
    Root,
    /// A SAM user whose document allows everything, on another user.
    SamAllowed,
    /// A SAM user without any document, on another user.
    SamDenied,
    /// A SAM user without any document, on itself.
    SamSelf,
    /// The root user, with a token opened by its auth key (`/v1` only).
    AuthKey,
    /// A SAM user without any document, with a token another user got by
    /// `switchUser`, on itself (`/v1` only).
    Switched,
}

impl Kind {
    const ALL: [Kind; 6] =
        [Kind::Root, Kind::SamAllowed, Kind::SamDenied, Kind::SamSelf, Kind::AuthKey, Kind::Switched];

    /// The kind whose password token stands for this one, and how this
    /// one's token was opened (token-only kinds).
    fn stands_for(self) -> Option<(Kind, Opened)> {
        match self {
            Kind::AuthKey => Some((Kind::Root, Opened::AuthKeyToken)),
            Kind::Switched => Some((Kind::SamSelf, Opened::SwitchedToken)),
            _ => None,
        }
    }

    /// Whether the caller is the target of a user-scoped row.
    fn on_itself(self) -> bool {
        matches!(self, Kind::SamSelf | Kind::Switched)
    }

    fn is_root(self) -> bool {
        matches!(self, Kind::Root | Kind::AuthKey)
    }
}

/// What a row acts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The operator as a whole, or its root user.
    Operator,
    /// The target SAM user.
    User,
    /// The caller's own account.
    Own,
}

/// Which change of the proof table a row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Guard {
    No,
    Password,
    MfaOn,
    MfaOff,
    Key,
}

/// What a world needs beyond its users before the call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrange {
    Nothing,
    /// The caller's own MFA is on.
    OwnMfa,
    /// The target user's MFA is on.
    TargetMfa,
}

/// One operation as each adapter asks it.
pub struct Row {
    pub ops: &'static [&'static str],
    pub api: Option<(Method, &'static str, &'static str)>,
    pub console: Option<(&'static str, &'static [(&'static str, &'static str)])>,
    pub scope: Scope,
    pub guard: Guard,
    pub arrange: Arrange,
}

impl Row {
    /// The change of the proof table this row is, for `kind`.
    fn guarded(&self, kind: Kind) -> Option<Guarded> {
        let itself = match self.scope {
            Scope::Own => true,
            Scope::Operator => kind.is_root(),
            Scope::User => kind.on_itself(),
        };
        match (self.guard, itself) {
            (Guard::Password, true) => Some(Guarded::OwnPassword),
            (Guard::MfaOn, true) => Some(Guarded::OwnMfaOn),
            (Guard::MfaOff, true) => Some(Guarded::OwnMfaOff),
            (Guard::Key, true) => Some(Guarded::OwnKey { root: kind.is_root() }),
            (Guard::Key, false) => Some(Guarded::OthersKey),
            _ => None,
        }
    }

    fn name(&self) -> String {
        match (self.ops.first(), self.console) {
            (Some(op), _) => op.to_string(),
            (None, Some((endpoint, _))) => format!("console {endpoint}"),
            _ => "?".into(),
        }
    }
}

/// A decision as the person sees it: allowed, refused for a permission,
/// waiting for a proof, or another answer by its code.
fn decision(a: &Answer) -> String {
    if a.status.is_success() || a.status.is_redirection() {
        return "allowed".into();
    }
    match a.code() {
        "AUM0017" => "denied".into(),
        "AUM0012" | "AUM0019" | "AUM0022" | "AUM0055" => "needs proof".into(),
        code => format!("{code} ({})", a.status.as_u16()),
    }
}

/// The decision a token-only kind must get: its stand-in's, except where
/// the proof table says otherwise for how its token was opened.
fn expected(base: &str, change: Option<Guarded>, opened: Opened) -> String {
    match (change, base) {
        (Some(change), "allowed" | "needs proof") => match proof::needs(change, opened) {
            Needs::Refused => "AUM0054 (403)".into(),
            Needs::Nothing => "allowed".into(),
            _ => base.into(),
        },
        _ => base.into(),
    }
}

async fn ask_api(site: &ApiSite, kind: Kind, row: &Row) -> String {
    let (method, path, body) = row.api.clone().unwrap();
    let w = World::new(site, kind, row.arrange).await;
    let body = (!body.is_empty()).then(|| serde_json::from_str(&w.fill(body, true)).unwrap());
    let a = site.call(method, &w.fill(path, false), body, Some(&w.token)).await;
    assert!(a.status.as_u16() < 500, "{kind:?} {}: {} {}", row.name(), a.status, a.body);
    decision(&a)
}

async fn ask_console(site: &ApiSite, kind: Kind, row: &Row) -> String {
    let (endpoint, fields) = row.console.unwrap();
    let w = World::new(site, kind, row.arrange).await;
    let filled: Vec<(String, String)> = fields.iter().map(|(k, v)| (k.to_string(), w.fill(v, false))).collect();
    let fields: Vec<(&str, &str)> = filled.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let a = site.console(w.cookie.as_deref(), endpoint, &fields).await;
    assert!(a.status.as_u16() < 500, "{kind:?} console {endpoint}: {} {}", a.status, a.body);
    decision(&a)
}

api_test!(every_operation_gets_one_decision_from_the_console_and_from_v1, |site| {
    let mut split = Vec::new();
    for row in rows() {
        let mut by_api = std::collections::HashMap::new();
        for kind in Kind::ALL {
            let api = match row.api {
                Some(_) => Some(ask_api(&site, kind, &row).await),
                None => None,
            };
            if let Some(d) = &api {
                by_api.insert(kind, d.clone());
            }
            match kind.stands_for() {
                None => {
                    if let (Some(api), Some(_)) = (&api, row.console) {
                        let console = ask_console(&site, kind, &row).await;
                        if *api != console {
                            split.push(format!("{kind:?} {}: /v1 {api}, console {console}", row.name()));
                        }
                    } else if row.console.is_some() {
                        ask_console(&site, kind, &row).await;
                    }
                }
                Some((stand_in, opened)) => {
                    let (Some(api), Some(base)) = (&api, by_api.get(&stand_in)) else { continue };
                    let want = expected(base, row.guarded(kind), opened);
                    if *api != want {
                        split.push(format!("{kind:?} {}: /v1 {api}, the proof table says {want}", row.name()));
                    }
                }
            }
        }
    }
    assert!(split.is_empty(), "decisions that split:\n{}", split.join("\n"));
});

#[test]
fn every_operation_has_a_row() {
    let rows = rows();
    let covered: std::collections::BTreeSet<&str> = rows.iter().flat_map(|r| r.ops.iter().copied()).collect();
    let doc = crate::rest::document();
    let mut missing = Vec::new();
    for item in doc.paths.paths.values() {
        for op in [&item.get, &item.post, &item.put, &item.delete, &item.patch].into_iter().flatten() {
            let id = op.operation_id.clone().unwrap_or_default();
            if !covered.contains(id.as_str()) && !rows::SIGNED_OUT_API.contains(&id.as_str()) {
                missing.push(format!("/v1 {id}"));
            }
        }
    }
    let consoled: std::collections::BTreeSet<&str> = rows.iter().filter_map(|r| r.console.map(|(e, _)| e)).collect();
    for (path, _) in leptos::server_fn::axum::server_fn_paths() {
        let Some(endpoint) = path.strip_prefix("/api/") else { continue };
        if !consoled.contains(endpoint) && !rows::SIGNED_OUT_CONSOLE.contains(&endpoint) {
            missing.push(format!("console {endpoint}"));
        }
    }
    assert!(missing.is_empty(), "operations without a row in one_rule/rows.rs: {missing:?}");
}
