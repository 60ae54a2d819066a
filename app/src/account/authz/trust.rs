//! Trust policies, pure: who may switch into a SAM user
//! (`Auth:switchUser`). Principals are SRNs:
//! `srn:soracom:<operator id>::User/<name>` for a SAM user,
//! `srn:soracom:<operator id>::Operator` for a root user; `*` matches any
//! text. The same language rules as permission documents: the same
//! `Effect`, deny wins (`policy::deny_wins`), and every fault placed
//! (`PolicyError`: line and column, or the statement).

use super::policy::{Decision, Effect, deny_wins, json_error, matches};
use crate::account::Principal;
use crate::error::{PolicyAt, PolicyError, PolicyFault};
use serde::Deserialize;

/// The longest trust policy kept.
pub const MAX_TRUST_POLICY: usize = 16 * 1024;
/// The longest principal a statement names.
const MAX_PRINCIPAL: usize = 300;

/// A checked trust policy.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustPolicy {
    statements: Vec<TrustStatement>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TrustStatement {
    effect: Effect,
    principal: Principals,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Principals {
    soracom: OneOrMany,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn items(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(s) => vec![s.as_str()],
            OneOrMany::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// Parses and checks a trust policy; the error says what is wrong and where.
pub fn parse(text: &str) -> Result<TrustPolicy, PolicyError> {
    if text.len() > MAX_TRUST_POLICY {
        return Err(PolicyError { at: PolicyAt::Text { line: 1, column: 1 }, fault: PolicyFault::TooLarge });
    }
    let policy: TrustPolicy = serde_json::from_str(text).map_err(json_error)?;
    if policy.statements.is_empty() {
        return Err(PolicyError { at: PolicyAt::Statement { index: 0 }, fault: PolicyFault::NoStatements });
    }
    for (i, s) in policy.statements.iter().enumerate() {
        let at = PolicyAt::Statement { index: u32::try_from(i).unwrap_or(u32::MAX) };
        let items = s.principal.soracom.items();
        let shown = |p: &str| p.chars().take(MAX_PRINCIPAL).collect::<String>();
        if items.is_empty() {
            return Err(PolicyError { at, fault: PolicyFault::Principal(String::new()) });
        }
        if let Some(bad) = items.iter().find(|p| !p.starts_with("srn:soracom:") || p.len() > MAX_PRINCIPAL) {
            return Err(PolicyError { at, fault: PolicyFault::Principal(shown(bad)) });
        }
        // Sign-up is open: an allow for every operator would trust strangers.
        let any_operator = |p: &&&str| {
            let operator = p.trim_start_matches("srn:soracom:").split("::").next().unwrap_or("*");
            operator.is_empty() || operator.contains('*')
        };
        if s.effect == Effect::Allow
            && let Some(bad) = items.iter().find(any_operator)
        {
            return Err(PolicyError { at, fault: PolicyFault::OperatorWildcard(shown(bad)) });
        }
    }
    Ok(policy)
}

/// Whether `policy` trusts the principal named `srn`: a statement naming
/// it allows, unless one naming it denies.
pub fn trusts(policy: &TrustPolicy, srn: &str) -> bool {
    let naming = policy.statements.iter().filter(|s| s.principal.soracom.items().iter().any(|p| matches(p, srn)));
    deny_wins(naming.map(|s| s.effect)) == Decision::Allowed
}

/// The SRN of a principal.
pub fn srn_of(p: &Principal) -> String {
    match p.sam_name() {
        Some(name) => format!("srn:soracom:{}::User/{name}", p.operator_id()),
        None => format!("srn:soracom:{}::Operator", p.operator_id()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"{"statements":[{"effect":"allow","principal":{"soracom":["srn:soracom:OP0000000001::User/*"]}},
        {"effect":"deny","principal":{"soracom":"srn:soracom:OP0000000001::User/intern"}}]}"#;

    fn fault(text: &str) -> PolicyFault {
        parse(text).map(|_| ()).unwrap_err().fault
    }

    #[test]
    fn a_trust_policy_never_trusts_every_operator() {
        for operator in ["*", "OP*", "*0001"] {
            let srn = format!("srn:soracom:{operator}::User/ci");
            let doc = format!(r#"{{"statements":[{{"effect":"allow","principal":{{"soracom":"{srn}"}}}}]}}"#);
            assert_eq!(fault(&doc), PolicyFault::OperatorWildcard(srn), "{operator}");
        }
        let deny = r#"{"statements":[{"effect":"allow","principal":{"soracom":"srn:soracom:OP0000000001::User/*"}},
            {"effect":"deny","principal":{"soracom":"srn:soracom:*::User/intern"}}]}"#;
        assert!(parse(deny).is_ok(), "a deny may name every operator");
    }

    #[test]
    fn a_trust_policy_names_who_may_switch_and_deny_wins() {
        let p = parse(DOC).unwrap();
        assert!(trusts(&p, "srn:soracom:OP0000000001::User/alice"));
        assert!(!trusts(&p, "srn:soracom:OP0000000001::User/intern"));
        assert!(!trusts(&p, "srn:soracom:OP0000000002::User/alice"));
        assert!(!trusts(&p, "srn:soracom:OP0000000001::Operator"));
    }

    #[test]
    fn a_broken_trust_policy_is_refused_with_its_place() {
        assert_eq!(fault(""), PolicyFault::Json);
        assert_eq!(fault("{}"), PolicyFault::MissingField("statements".into()));
        assert_eq!(fault(r#"{"statements":[]}"#), PolicyFault::NoStatements);
        let empty = r#"{"statements":[{"effect":"allow","principal":{"soracom":[]}}]}"#;
        assert_eq!(fault(empty), PolicyFault::Principal(String::new()));
        let not_srn = r#"{"statements":[{"effect":"allow","principal":{"soracom":"srn:soracom:OP1::User/a"}},
            {"effect":"allow","principal":{"soracom":"OP1::User/a"}}]}"#;
        let e = parse(not_srn).map(|_| ()).unwrap_err();
        assert_eq!((e.at, e.fault), (PolicyAt::Statement { index: 1 }, PolicyFault::Principal("OP1::User/a".into())));
        let effect = r#"{"statements":[{"effect":"maybe","principal":{"soracom":"srn:soracom:OP1::User/a"}}]}"#;
        assert!(matches!(parse(effect).map(|_| ()).unwrap_err().at, PolicyAt::Text { line: 1, .. }));
        let aws = r#"{"statements":[{"effect":"allow","principal":{"aws":"srn:soracom:OP1::User/a"}}]}"#;
        assert_eq!(fault(aws), PolicyFault::UnknownField("aws".into()));
    }
}
