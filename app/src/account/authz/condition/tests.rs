//! The condition language, one behaviour per test; each form true and false.

use super::parser::days;
use super::*;

/// 2026-12-01 12:00:00 UTC.
const NOON_DEC_1: i64 = 1_796_126_400;

fn ctx<'a>(client: &str, user: Option<&'a str>, path: &'a [(&'a str, &'a str)]) -> Context<'a> {
    Context {
        now: NOON_DEC_1,
        client: Some(client.parse().unwrap()),
        sam_user_name: user,
        operator_id: "OP0012345678",
        path,
    }
}

fn holds(cond: &str, c: &Context) -> bool {
    Condition::parse(cond).unwrap_or_else(|e| panic!("{cond}: {e:?}")).holds(c)
}

fn fault(cond: &str) -> (usize, ConditionFault) {
    let e = Condition::parse(cond).expect_err(cond);
    (e.offset, e.fault)
}

#[test]
fn the_test_clock_is_noon_of_the_first_of_december() {
    assert_eq!(days(2026, 12, 1), Some(NOON_DEC_1 / 86_400));
}

#[test]
fn ip_address_matches_the_caller_against_ipv4_and_ipv6_ranges() {
    let cases = [
        ("ipAddress('10.0.0.0/24')", "10.0.0.77", true),
        ("ipAddress('10.0.0.0/24')", "10.0.1.1", false),
        ("ipAddress('192.168.1.0/24', '10.0.0.0/8')", "10.200.3.4", true),
        ("ipAddress('203.0.113.9')", "203.0.113.9", true),
        ("ipAddress('203.0.113.9')", "203.0.113.10", false),
        ("ipAddress('0.0.0.0/0')", "8.8.8.8", true),
        ("ipAddress('2001:db8::/32')", "2001:db8:1::5", true),
        ("ipAddress('2001:db8::/32')", "2001:db9::1", false),
        ("ipAddress('10.0.0.0/8')", "::ffff:10.1.2.3", true),
        ("ipAddress('2001:db8::/32')", "10.0.0.1", false),
        ("ipAddress('::/0')", "::1", true),
    ];
    for (cond, addr, want) in cases {
        assert_eq!(holds(cond, &ctx(addr, None, &[])), want, "{cond} for {addr}");
    }
}

#[test]
fn without_a_known_client_address_no_range_matches() {
    let c = Context { client: None, ..ctx("10.0.0.1", None, &[]) };
    assert!(!holds("ipAddress('0.0.0.0/0')", &c));
    assert!(holds("not ipAddress('0.0.0.0/0')", &c));
}

#[test]
fn current_date_compares_with_calendar_dates() {
    let c = ctx("10.0.0.1", None, &[]);
    let cases = [
        ("currentDate >= date(2026, 12, 01)", true),
        ("currentDate > date(2026, 12, 01)", false),
        ("currentDate == date(2026, 12, 1)", true),
        ("currentDate != date(2026, 12, 1)", false),
        ("currentDate < date(2027, 1, 1)", true),
        ("currentDate <= date(2026, 11, 30)", false),
    ];
    for (cond, want) in cases {
        assert_eq!(holds(cond, &c), want, "{cond}");
    }
}

#[test]
fn current_date_time_compares_to_the_second() {
    let c = ctx("10.0.0.1", None, &[]);
    assert!(holds("currentDateTime >= dateTime(2026, 12, 1, 12, 0, 0)", &c));
    assert!(!holds("currentDateTime > dateTime(2026, 12, 1, 12, 0, 0)", &c));
    assert!(holds("currentDateTime < dateTime(2026, 12, 1, 12, 0, 1)", &c));
    assert!(!holds("currentDateTime < dateTime(2026, 12, 1, 11, 59, 59)", &c));
}

#[test]
fn path_variables_compare_with_the_sam_user_name() {
    let own: &[(&str, &str)] = &[("user_name", "reader")];
    let other: &[(&str, &str)] = &[("user_name", "writer")];
    let cond = "pathVariable('user_name') == samUserName";
    assert!(holds(cond, &ctx("10.0.0.1", Some("reader"), own)));
    assert!(!holds(cond, &ctx("10.0.0.1", Some("reader"), other)));
    assert!(holds("pathVariable(\"user_name\") != 'reader'", &ctx("10.0.0.1", Some("reader"), other)));
}

#[test]
fn an_absent_value_makes_every_comparison_false() {
    let cond = "pathVariable('user_name') == samUserName";
    assert!(!holds(cond, &ctx("10.0.0.1", Some("reader"), &[])), "no such path variable");
    assert!(!holds("pathVariable('user_name') != 'x'", &ctx("10.0.0.1", None, &[])));
    assert!(!holds("samUserName == samUserName", &ctx("10.0.0.1", None, &[])), "root has no SAM name");
    assert!(holds("not (samUserName == 'x')", &ctx("10.0.0.1", None, &[])));
}

#[test]
fn operator_id_and_string_literals_compare() {
    let c = ctx("10.0.0.1", None, &[]);
    assert!(holds("operatorId == 'OP0012345678'", &c));
    assert!(!holds("operatorId == \"OP0000000000\"", &c));
    assert!(holds("'b' > 'a'", &c));
    assert!(holds(r"'it\'s' == 'it\'s'", &c));
}

#[test]
fn and_or_not_and_parentheses_combine_with_the_usual_precedence() {
    let c = ctx("10.0.0.1", Some("reader"), &[]);
    let cases = [
        ("true and false", false),
        ("true or false", true),
        ("not false", true),
        ("! true", false),
        ("true && true", true),
        ("false || false", false),
        ("false and true or true", true),
        ("false and (true or true)", false),
        ("true or true and false", true),
        ("(true or true) and false", false),
        ("not true or true", true),
        ("not (true or true)", false),
        ("samUserName == 'reader' and ipAddress('10.0.0.0/8')", true),
        ("samUserName == 'writer' or ipAddress('192.168.0.0/16')", false),
    ];
    for (cond, want) in cases {
        assert_eq!(holds(cond, &c), want, "{cond}");
    }
}

#[test]
fn malformed_conditions_are_refused_with_the_offset_of_the_fault() {
    use ConditionFault::*;
    let cases = [
        ("", (0, UnexpectedEnd)),
        ("currentDate >=", (14, UnexpectedEnd)),
        ("currentDate >= date(2026, 12, 1", (31, UnexpectedEnd)),
        ("ipAddress('10.0.0.0/24'", (23, UnexpectedEnd)),
        ("ipAddress('10.0.0.0/24) or true", (10, UnclosedString)),
        ("currentDate ~ date(2026, 1, 1)", (12, Unexpected)),
        ("true true", (5, Unexpected)),
        ("(true", (5, UnexpectedEnd)),
        ("true)", (4, Unexpected)),
        ("nowish == 1", (0, UnknownName)),
        ("eval('1')", (0, UnknownName)),
        ("ipAddress()", (0, Arguments)),
        ("ipAddress(10)", (10, Arguments)),
        ("ipAddress('10.0.0.0/33')", (10, Cidr)),
        ("ipAddress('10.0.0.0/')", (10, Cidr)),
        ("ipAddress('host.example')", (10, Cidr)),
        ("date(2026, 2, 30) == currentDate", (0, Date)),
        ("date(2026, 13, 1) == currentDate", (0, Date)),
        ("dateTime(2026, 1, 1, 24, 0, 0) == currentDateTime", (0, Date)),
        ("date(2026, 1) == currentDate", (0, Arguments)),
        ("pathVariable('a', 'b') == 'x'", (0, Arguments)),
        ("currentDate >= dateTime(2026, 1, 1, 0, 0, 0)", (12, Types)),
        ("samUserName == 3", (12, Types)),
        ("true < false", (5, Types)),
        ("samUserName", (0, NotBoolean)),
        ("samUserName and true", (0, Types)),
        ("not 'x'", (4, Types)),
        ("true # false", (5, Unexpected)),
    ];
    for (cond, want) in cases {
        assert_eq!(fault(cond), want, "{cond}");
    }
}

#[test]
fn offsets_count_characters_not_bytes() {
    assert_eq!(fault("'日本' == 'x' and ?"), (16, ConditionFault::Unexpected));
}

#[test]
fn absurdly_deep_or_long_conditions_are_refused_not_overflowed() {
    let deep = format!("{}true{}", "(".repeat(500), ")".repeat(500));
    assert_eq!(fault(&deep).1, ConditionFault::TooComplex);
    let nots = format!("{}true", "not ".repeat(400));
    assert_eq!(fault(&nots).1, ConditionFault::TooComplex);
    let long = format!("true{}", " or true".repeat(300));
    assert_eq!(fault(&long).1, ConditionFault::TooComplex);
    let fine = format!("true{}", " or true".repeat(100));
    assert!(holds(&fine, &ctx("10.0.0.1", None, &[])));
}
