//! What can be wrong with a permission document, and where: shared by the
//! checker (server) and the editor that shows the message next to the text.

use crate::i18n::{Lang, Msg};
use serde::{Deserialize, Serialize};

/// Where in a document the fault is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PolicyAt {
    /// A place in the JSON text (line and column from 1).
    Text { line: u32, column: u32 },
    /// A statement (index from 0, as in `statements[0]`).
    Statement { index: u32 },
    /// A statement's condition, at a character offset (from 0) inside it.
    Condition { index: u32, offset: u32 },
}

/// What is wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PolicyFault {
    /// Not JSON at all (a syntax error or the text ends early).
    Json,
    /// A field the format does not have.
    UnknownField(String),
    /// A field the format needs is missing.
    MissingField(String),
    /// A field given twice.
    DuplicateField(String),
    /// A value of the wrong kind (a number where a list of names belongs, …).
    WrongType,
    /// `effect` is neither `allow` nor `deny`.
    Effect,
    /// `api` names no operation.
    EmptyApi,
    /// An `api` entry is not `Service:operation` (letters, digits, `*`).
    ApiPattern(String),
    /// The document is larger than any sensible one.
    TooLarge,
    /// More statements than a document may hold (`policy::MAX_STATEMENTS`).
    TooManyStatements,
    /// A trust policy with no statement.
    NoStatements,
    /// A trust policy's principal that is not an SRN (`srn:soracom:…`).
    Principal(String),
    /// A trust policy's allow for any operator (`*` in the operator id).
    OperatorWildcard(String),
    /// The condition cannot be understood.
    Condition(ConditionFault),
}

/// The kinds of mistake a condition can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConditionFault {
    /// The condition ended where more was expected.
    UnexpectedEnd,
    /// A character or word that does not fit here.
    Unexpected,
    /// A string whose closing quote is missing.
    UnclosedString,
    /// A name or function the language does not know.
    UnknownName,
    /// A function called with the wrong number or kind of arguments.
    Arguments,
    /// The two sides of a comparison (or an `and`/`or`/`not` operand) are of different kinds.
    Types,
    /// The whole condition is not a yes/no question.
    NotBoolean,
    /// An address range that is not `address/prefix`.
    Cidr,
    /// A date or time that does not exist.
    Date,
    /// Nested more deeply or longer than any sensible condition.
    TooComplex,
}

/// A refused document: the fault and where it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyError {
    pub at: PolicyAt,
    pub fault: PolicyFault,
}

impl PolicyError {
    /// "what is wrong (where)" in `lang`, without the error code.
    pub fn describe(&self, lang: Lang) -> String {
        let (msg, name) = match &self.fault {
            PolicyFault::Json => (Msg::PolicyFaultJson, ""),
            PolicyFault::UnknownField(n) => (Msg::PolicyFaultUnknownField, n.as_str()),
            PolicyFault::MissingField(n) => (Msg::PolicyFaultMissingField, n.as_str()),
            PolicyFault::DuplicateField(n) => (Msg::PolicyFaultDuplicateField, n.as_str()),
            PolicyFault::WrongType => (Msg::PolicyFaultWrongType, ""),
            PolicyFault::Effect => (Msg::PolicyFaultEffect, ""),
            PolicyFault::EmptyApi => (Msg::PolicyFaultEmptyApi, ""),
            PolicyFault::ApiPattern(p) => (Msg::PolicyFaultApiPattern, p.as_str()),
            PolicyFault::TooLarge => (Msg::PolicyFaultTooLarge, ""),
            PolicyFault::TooManyStatements => (Msg::PolicyFaultTooManyStatements, ""),
            PolicyFault::NoStatements => (Msg::PolicyFaultNoStatements, ""),
            PolicyFault::Principal(p) => (Msg::PolicyFaultPrincipal, p.as_str()),
            PolicyFault::OperatorWildcard(p) => (Msg::PolicyFaultOperatorWildcard, p.as_str()),
            PolicyFault::Condition(c) => (condition_msg(*c), ""),
        };
        let what = lang.text(msg).replace("{name}", name);
        let at = match self.at {
            PolicyAt::Text { line, column } => lang
                .text(Msg::PolicyAtText)
                .replace("{line}", &line.to_string())
                .replace("{column}", &column.to_string()),
            PolicyAt::Statement { index } => lang.text(Msg::PolicyAtStatement).replace("{index}", &index.to_string()),
            PolicyAt::Condition { index, offset } => lang
                .text(Msg::PolicyAtCondition)
                .replace("{index}", &index.to_string())
                .replace("{offset}", &offset.to_string()),
        };
        format!("{what} ({at})")
    }
}

fn condition_msg(f: ConditionFault) -> Msg {
    match f {
        ConditionFault::UnexpectedEnd => Msg::PolicyConditionUnexpectedEnd,
        ConditionFault::Unexpected => Msg::PolicyConditionUnexpected,
        ConditionFault::UnclosedString => Msg::PolicyConditionUnclosedString,
        ConditionFault::UnknownName => Msg::PolicyConditionUnknownName,
        ConditionFault::Arguments => Msg::PolicyConditionArguments,
        ConditionFault::Types => Msg::PolicyConditionTypes,
        ConditionFault::NotBoolean => Msg::PolicyConditionNotBoolean,
        ConditionFault::Cidr => Msg::PolicyConditionCidr,
        ConditionFault::Date => Msg::PolicyConditionDate,
        ConditionFault::TooComplex => Msg::PolicyConditionTooComplex,
    }
}
