//! Permission documents: parsed and checked when saved (every fault with
//! its place), and evaluated against an operation name. Pure: no store, no
//! clock, no socket; what a condition needs comes in a [`Context`].
//!
//! `{"statements":[{"effect":"allow"|"deny","api":"…"|["…"],"condition":"…"?}]}`.
//! Nothing is allowed unless a statement allows it, and a matching deny
//! beats every allow.

use super::condition::{Condition, Context};
use crate::error::{PolicyAt, PolicyError, PolicyFault};
use serde::Deserialize;
use std::borrow::Borrow;

/// The largest document accepted, in bytes.
pub const MAX_BYTES: usize = 64 * 1024;
/// The most statements one document holds: every authorization of a SAM
/// user reads its own document and its roles' (see `roles::MAX_ROLES_PER_USER`).
pub const MAX_STATEMENTS: usize = 100;
const MAX_PATTERN: usize = 200;

/// A checked permission document, ready to evaluate.
#[derive(Clone, Debug, PartialEq)]
pub struct PermissionDocument {
    statements: Vec<Statement>,
}

#[derive(Clone, Debug, PartialEq)]
struct Statement {
    effect: Effect,
    api: Vec<String>,
    condition: Option<Condition>,
}

/// What a statement does when it applies (permission documents and trust
/// policies alike).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Effect {
    Allow,
    Deny,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocument {
    statements: Vec<RawStatement>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStatement {
    effect: Effect,
    api: ApiList,
    #[serde(default)]
    condition: Option<String>,
}

/// `api` is one name or a list of names.
struct ApiList(Vec<String>);

impl<'de> Deserialize<'de> for ApiList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ApiList;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an operation name or a list of them")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ApiList, E> {
                Ok(ApiList(vec![v.to_string()]))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<ApiList, A::Error> {
                let mut out = vec![];
                while let Some(name) = seq.next_element::<String>()? {
                    out.push(name);
                }
                Ok(ApiList(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// How the statements of a caller's documents answer one operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// A statement allows it and none denies it.
    Allowed,
    /// A statement denies it (whatever else allows it).
    Denied,
    /// No statement speaks of it: refused, since nothing is allowed by default.
    Silent,
}

impl PermissionDocument {
    /// Parses and checks a document; the error says what is wrong and where.
    pub fn parse(text: &str) -> Result<PermissionDocument, PolicyError> {
        if text.len() > MAX_BYTES {
            return Err(PolicyError { at: PolicyAt::Text { line: 1, column: 1 }, fault: PolicyFault::TooLarge });
        }
        let raw: RawDocument = serde_json::from_str(text).map_err(json_error)?;
        if raw.statements.len() > MAX_STATEMENTS {
            let at = PolicyAt::Statement { index: MAX_STATEMENTS as u32 };
            return Err(PolicyError { at, fault: PolicyFault::TooManyStatements });
        }
        let statements =
            raw.statements.into_iter().enumerate().map(|(i, s)| statement(i, s)).collect::<Result<_, _>>()?;
        Ok(PermissionDocument { statements })
    }

    /// How this document alone answers `action` (see [`decide`]).
    pub fn decide(&self, action: &str, ctx: &Context) -> Decision {
        decide(std::slice::from_ref(self), action, ctx)
    }
}

fn statement(i: usize, raw: RawStatement) -> Result<Statement, PolicyError> {
    let index = u32::try_from(i).unwrap_or(u32::MAX);
    let at = PolicyAt::Statement { index };
    if raw.api.0.is_empty() {
        return Err(PolicyError { at, fault: PolicyFault::EmptyApi });
    }
    if let Some(bad) = raw.api.0.iter().find(|p| !valid_pattern(p)) {
        return Err(PolicyError { at, fault: PolicyFault::ApiPattern(bad.chars().take(MAX_PATTERN).collect()) });
    }
    let condition = match raw.condition.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(Condition::parse(text).map_err(|e| PolicyError {
            at: PolicyAt::Condition { index, offset: u32::try_from(e.offset).unwrap_or(u32::MAX) },
            fault: PolicyFault::Condition(e.fault),
        })?),
    };
    Ok(Statement { effect: raw.effect, api: raw.api.0, condition })
}

/// `Service:operation` with `*` anywhere, or `*` alone: letters, digits and
/// `*`, at most one colon.
fn valid_pattern(p: &str) -> bool {
    let colons = p.matches(':').count();
    !p.is_empty()
        && p.len() <= MAX_PATTERN
        && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '*' || c == ':')
        && (colons == 1 && !p.starts_with(':') && !p.ends_with(':') || colons == 0 && p.contains('*'))
}

/// Whether `name` matches `pattern`, where `*` stands for any run of characters.
pub fn matches(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ni));
            pi += 1;
        } else if pi < p.len() && p[pi] == n[ni] {
            pi += 1;
            ni += 1;
        } else if let Some((sp, sn)) = star {
            pi = sp + 1;
            ni = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// How a caller's documents (its own and its roles') answer `action` in
/// `ctx`: a matching deny whose condition holds wins; else a matching allow
/// whose condition holds allows; else nothing speaks.
pub fn decide<D: Borrow<PermissionDocument>>(documents: &[D], action: &str, ctx: &Context) -> Decision {
    let applies =
        |s: &&Statement| s.api.iter().any(|p| matches(p, action)) && s.condition.as_ref().is_none_or(|c| c.holds(ctx));
    deny_wins(documents.iter().flat_map(|d| d.borrow().statements.iter()).filter(applies).map(|s| s.effect))
}

/// The one rule of both policy languages, over the effects of the
/// statements that apply: a deny refuses whatever allows; else an allow
/// allows; else nothing speaks.
pub(crate) fn deny_wins(applying: impl Iterator<Item = Effect>) -> Decision {
    let mut allowed = false;
    for effect in applying {
        match effect {
            Effect::Deny => return Decision::Denied,
            Effect::Allow => allowed = true,
        }
    }
    if allowed { Decision::Allowed } else { Decision::Silent }
}

/// A serde_json failure as a fault with its line and column.
pub(crate) fn json_error(e: serde_json::Error) -> PolicyError {
    let at = PolicyAt::Text {
        line: u32::try_from(e.line()).unwrap_or(u32::MAX),
        column: u32::try_from(e.column()).unwrap_or(u32::MAX),
    };
    let text = e.to_string();
    let quoted = || text.split('`').nth(1).unwrap_or_default().chars().take(MAX_PATTERN).collect::<String>();
    let fault = if !e.is_data() {
        PolicyFault::Json
    } else if text.starts_with("unknown field") {
        PolicyFault::UnknownField(quoted())
    } else if text.starts_with("missing field") {
        PolicyFault::MissingField(quoted())
    } else if text.starts_with("duplicate field") {
        PolicyFault::DuplicateField(quoted())
    } else if text.starts_with("unknown variant") {
        PolicyFault::Effect
    } else {
        PolicyFault::WrongType
    };
    PolicyError { at, fault }
}

#[cfg(test)]
#[path = "policy_tests.rs"]
pub(crate) mod tests;
