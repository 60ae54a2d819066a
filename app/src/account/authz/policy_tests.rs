//! Permission documents: wildcards, deny over allow, union with roles,
//! conditions, malformed documents with positions, and a property test
//! that a matching deny always wins.

use super::*;
use crate::error::ConditionFault;
use proptest::prelude::*;

fn doc(text: &str) -> PermissionDocument {
    PermissionDocument::parse(text).unwrap_or_else(|e| panic!("{text}: {e:?}"))
}

/// The caller context the tests decide for (also the parsers' property tests').
pub(crate) fn ctx() -> Context<'static> {
    Context {
        now: 1_796_126_400,
        client: Some("10.0.0.7".parse().unwrap()),
        sam_user_name: Some("reader"),
        operator_id: "OP0012345678",
        path: &[("user_name", "reader")],
    }
}

fn refused(text: &str) -> PolicyError {
    PermissionDocument::parse(text).expect_err(text)
}

#[test]
fn wildcards_match_anywhere_in_the_operation_name() {
    let cases = [
        ("*", "User:listUsers", true),
        ("User:*", "User:listUsers", true),
        ("User:*", "Role:listRoles", false),
        ("User:list*", "User:listUsers", true),
        ("User:list*", "User:listUserAuthKeys", true),
        ("User:list*", "User:getUser", false),
        ("*:list*", "Role:listRoles", true),
        ("User:*Password", "User:updateUserPassword", true),
        ("User:*Password", "User:getUser", false),
        ("User:listUsers", "User:listUsers", true),
        ("User:listUsers", "User:listUsersX", false),
        ("User:listUser", "User:listUsers", false),
        ("*User*", "Operator:getOperator", false),
        ("**", "Role:getRole", true),
    ];
    for (pattern, name, want) in cases {
        assert_eq!(matches(pattern, name), want, "{pattern} vs {name}");
    }
}

#[test]
fn nothing_is_allowed_by_default() {
    assert_eq!(doc(r#"{"statements":[]}"#).decide("User:listUsers", &ctx()), Decision::Silent);
    let d = doc(r#"{"statements":[{"effect":"allow","api":"Role:*"}]}"#);
    assert_eq!(d.decide("User:listUsers", &ctx()), Decision::Silent);
}

#[test]
fn deny_beats_allow_within_and_across_documents() {
    let both = doc(r#"{"statements":[{"effect":"allow","api":["User:*"]},{"effect":"deny","api":"User:deleteUser"}]}"#);
    assert_eq!(both.decide("User:listUsers", &ctx()), Decision::Allowed);
    assert_eq!(both.decide("User:deleteUser", &ctx()), Decision::Denied);
    let allow_all = doc(r#"{"statements":[{"effect":"allow","api":"*"}]}"#);
    let deny_roles = doc(r#"{"statements":[{"effect":"deny","api":"Role:*"}]}"#);
    let docs = [allow_all, deny_roles];
    assert_eq!(decide(&docs, "Role:createRole", &ctx()), Decision::Denied);
    assert_eq!(decide(&docs, "User:createUser", &ctx()), Decision::Allowed);
}

#[test]
fn a_users_rights_are_the_union_of_its_document_and_its_roles() {
    let own = doc(r#"{"statements":[{"effect":"allow","api":"User:listUsers"}]}"#);
    let role = doc(r#"{"statements":[{"effect":"allow","api":"Role:listRoles"}]}"#);
    let docs = [own, role];
    assert_eq!(decide(&docs, "User:listUsers", &ctx()), Decision::Allowed);
    assert_eq!(decide(&docs, "Role:listRoles", &ctx()), Decision::Allowed);
    assert_eq!(decide(&docs, "Role:createRole", &ctx()), Decision::Silent);
    assert_eq!(decide::<PermissionDocument>(&[], "User:listUsers", &ctx()), Decision::Silent);
}

#[test]
fn a_statement_whose_condition_is_false_does_nothing() {
    let d = doc(r#"{"statements":[
            {"effect":"allow","api":"User:*","condition":"ipAddress('10.0.0.0/24')"},
            {"effect":"deny","api":"User:deleteUser","condition":"ipAddress('192.168.0.0/16')"},
            {"effect":"allow","api":"User:updateUserPassword","condition":"pathVariable('user_name') == samUserName"}
        ]}"#);
    let inside = ctx();
    let outside = Context { client: Some("198.51.100.1".parse().unwrap()), ..ctx() };
    assert_eq!(d.decide("User:deleteUser", &inside), Decision::Allowed, "the deny's range does not hold");
    assert_eq!(d.decide("User:listUsers", &outside), Decision::Silent, "the allow's range does not hold");
    assert_eq!(d.decide("User:updateUserPassword", &outside), Decision::Allowed, "its own name");
    let other = Context { path: &[("user_name", "writer")], ..outside };
    assert_eq!(d.decide("User:updateUserPassword", &other), Decision::Silent);
}

#[test]
fn conditions_on_dates_switch_a_statement_on_and_off() {
    let d = doc(r#"{"statements":[{"effect":"allow","api":"*","condition":"currentDate >= date(2026, 12, 01)"}]}"#);
    assert_eq!(d.decide("Role:getRole", &ctx()), Decision::Allowed);
    let before = Context { now: ctx().now - 86_400, ..ctx() };
    assert_eq!(d.decide("Role:getRole", &before), Decision::Silent);
}

#[test]
fn an_empty_condition_means_no_condition() {
    let d = doc(r#"{"statements":[{"effect":"allow","api":"*","condition":"  "}]}"#);
    assert_eq!(d.decide("Role:getRole", &ctx()), Decision::Allowed);
}

#[test]
fn malformed_documents_are_refused_with_line_and_column() {
    let text = |line, column| PolicyAt::Text { line, column };
    let cases: Vec<(&str, PolicyAt, PolicyFault)> = vec![
        ("", text(1, 0), PolicyFault::Json),
        ("{\"statements\": [", text(1, 16), PolicyFault::Json),
        ("{\n  \"statements\": [\n    {\"effect\": \"allow\" \"api\": \"*\"}\n  ]\n}", text(3, 24), PolicyFault::Json),
        ("{\"statements\":[]} x", text(1, 19), PolicyFault::Json),
        ("{\"statements\":[],\n \"version\": 1}", text(2, 10), PolicyFault::UnknownField("version".into())),
        (
            "{\"statements\":[{\"effect\":\"allow\",\"api\":\"*\",\"Condition\":\"true\"}]}",
            text(1, 54),
            PolicyFault::UnknownField("Condition".into()),
        ),
        ("{}", text(1, 2), PolicyFault::MissingField("statements".into())),
        ("{\"statements\":[{\"effect\":\"allow\"}]}", text(1, 33), PolicyFault::MissingField("api".into())),
        ("{\"statements\":[{\"effect\":\"permit\",\"api\":\"*\"}]}", text(1, 33), PolicyFault::Effect),
        ("{\"statements\":[{\"effect\":\"Allow\",\"api\":\"*\"}]}", text(1, 32), PolicyFault::Effect),
        ("{\"statements\":{}}", text(1, 14), PolicyFault::WrongType),
        ("{\"statements\":[{\"effect\":\"allow\",\"api\":3}]}", text(1, 40), PolicyFault::WrongType),
        ("{\"statements\":[{\"effect\":\"allow\",\"api\":[\"*\", 3]}]}", text(1, 46), PolicyFault::WrongType),
        (
            "{\"statements\":[{\"effect\":\"allow\",\"effect\":\"deny\",\"api\":\"*\"}]}",
            text(1, 41),
            PolicyFault::DuplicateField("effect".into()),
        ),
    ];
    for (text, at, fault) in cases {
        assert_eq!(refused(text), PolicyError { at, fault }, "{text:?}");
    }
}

#[test]
fn statements_with_empty_or_malformed_api_lists_are_refused_by_index() {
    let st = |index| PolicyAt::Statement { index };
    let ok = r#"{"effect":"allow","api":"*"}"#;
    let cases = [
        (r#"{"effect":"allow","api":[]}"#, PolicyFault::EmptyApi),
        (r#"{"effect":"allow","api":""}"#, PolicyFault::ApiPattern(String::new())),
        (r#"{"effect":"allow","api":"User"}"#, PolicyFault::ApiPattern("User".into())),
        (r#"{"effect":"allow","api":["User:*","User:list Users"]}"#, PolicyFault::ApiPattern("User:list Users".into())),
        (r#"{"effect":"allow","api":"User:a:b"}"#, PolicyFault::ApiPattern("User:a:b".into())),
        (r#"{"effect":"allow","api":":listUsers"}"#, PolicyFault::ApiPattern(":listUsers".into())),
        (r#"{"effect":"allow","api":"User:?"}"#, PolicyFault::ApiPattern("User:?".into())),
    ];
    for (bad, fault) in cases {
        let text = format!(r#"{{"statements":[{ok},{bad}]}}"#);
        assert_eq!(refused(&text), PolicyError { at: st(1), fault }, "{bad}");
    }
}

#[test]
fn unparsable_conditions_are_refused_with_statement_index_and_offset() {
    let text = r#"{"statements":[
        {"effect":"allow","api":"*"},
        {"effect":"deny","api":"User:*","condition":"ipAddress('10.0.0.0/24') and"}
    ]}"#;
    assert_eq!(
        refused(text),
        PolicyError {
            at: PolicyAt::Condition { index: 1, offset: 28 },
            fault: PolicyFault::Condition(ConditionFault::UnexpectedEnd)
        }
    );
}

#[test]
fn oversized_documents_are_refused() {
    let huge = format!(r#"{{"statements":[{}]}}"#, vec![r#"{"effect":"allow","api":"*"}"#; 3000].join(","));
    assert_eq!(refused(&huge).fault, PolicyFault::TooLarge);
}

#[test]
fn a_document_holds_at_most_a_hundred_statements() {
    let doc = |n| format!(r#"{{"statements":[{}]}}"#, vec![r#"{"effect":"allow","api":"User:getUser"}"#; n].join(","));
    assert!(PermissionDocument::parse(&doc(super::MAX_STATEMENTS)).is_ok());
    let at = PolicyAt::Statement { index: 100 };
    assert_eq!(refused(&doc(super::MAX_STATEMENTS + 1)), PolicyError { at, fault: PolicyFault::TooManyStatements });
}

#[test]
fn the_refusal_reads_as_a_sentence_in_both_languages() {
    use crate::i18n::Lang;
    let e = crate::error::AppError::PolicyInvalid(refused("{\"statements\":[],\n \"version\": 1}"));
    assert_eq!(
        e.message(Lang::En),
        "The permission document was not saved: The field \"version\" is not part of a permission document (line 2, column 10). (AUM0029)"
    );
    assert!(e.message(Lang::Ja).contains("2 行 10 列"), "{}", e.message(Lang::Ja));
}

fn action_names() -> impl Strategy<Value = &'static str> {
    prop::sample::select(super::super::action::Action::ALL.iter().map(|a| a.name()).collect::<Vec<_>>())
}

/// A pattern that may or may not match: the name itself, a prefix with `*`,
/// its service with `*`, `*` alone, or another operation's name.
fn pattern_for(name: &'static str) -> impl Strategy<Value = String> {
    let service = name.split(':').next().unwrap().to_string();
    let prefix = name[..name.len().min(service.len() + 4)].to_string();
    prop_oneof![
        Just(name.to_string()),
        Just(format!("{prefix}*")),
        Just(format!("{service}:*")),
        Just("*".to_string()),
        action_names().prop_map(str::to_string),
    ]
}

proptest! {
    #[test]
    fn a_matching_deny_always_wins(
        name in action_names(),
        allows in prop::collection::vec(action_names().prop_flat_map(pattern_for), 0..6),
        deny in action_names().prop_flat_map(pattern_for),
        split in 0usize..6,
    ) {
        let statement = |effect: &str, api: &str| format!(r#"{{"effect":"{effect}","api":"{api}"}}"#);
        let mut own: Vec<String> = allows.iter().map(|a| statement("allow", a)).collect();
        let deny_statement = statement("deny", &deny);
        own.insert(split.min(own.len()), deny_statement);
        let role: Vec<String> = allows.iter().map(|a| statement("allow", a)).collect();
        let docs = [
            doc(&format!(r#"{{"statements":[{}]}}"#, own.join(","))),
            doc(&format!(r#"{{"statements":[{}]}}"#, role.join(","))),
        ];
        let decision = decide(&docs, name, &ctx());
        if matches(&deny, name) {
            prop_assert_eq!(decision, Decision::Denied);
        } else if allows.iter().any(|a| matches(a, name)) {
            prop_assert_eq!(decision, Decision::Allowed);
        } else {
            prop_assert_eq!(decision, Decision::Silent);
        }
    }
}
