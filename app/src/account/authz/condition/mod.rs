//! The condition language of permission statements: a small expression
//! language parsed by hand (recursive descent, one token of look-ahead) and
//! type-checked when a document is saved, then evaluated against a
//! [`Context`] the caller passes in (clock, client address, path variables).
//! Nothing here reads a clock or a socket, so every rule is a pure function.
//!
//! Grammar (lowest precedence first):
//! ```text
//! expr    := or
//! or      := and (("or" | "||") and)*
//! and     := unary (("and" | "&&") unary)*
//! unary   := ("not" | "!") unary | compare
//! compare := primary (("==" | "!=" | "<" | "<=" | ">" | ">=") primary)?
//! primary := "(" expr ")" | string | integer | name | name "(" args ")"
//! names   := currentDate currentDateTime samUserName operatorId true false
//! calls   := ipAddress('cidr', …) date(y, m, d) dateTime(y, m, d, h, mi, s)
//!            pathVariable('name')
//! ```
//! A value that is absent (a path variable the request has not, the user
//! name of a root user) makes every comparison with it false.

mod cidr;
mod lexer;
mod parser;

pub use crate::error::ConditionFault;
use cidr::Cidr;
use lexer::CmpOp;
use std::net::IpAddr;

/// What a condition is evaluated against; built by `authorize` per request.
#[derive(Clone, Debug, Default)]
pub struct Context<'a> {
    /// Now, in Unix seconds (UTC).
    pub now: i64,
    /// The caller's address, when known.
    pub client: Option<IpAddr>,
    /// The SAM user's name; `None` for the root user.
    pub sam_user_name: Option<&'a str>,
    /// The operator the caller belongs to.
    pub operator_id: &'a str,
    /// The variables of the operation's path (`user_name`, `role_id`, …).
    pub path: &'a [(&'a str, &'a str)],
}

/// Why a condition was refused, with the character offset (from 0) where
/// the problem starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConditionError {
    pub offset: usize,
    pub fault: ConditionFault,
}

/// The longest condition accepted, in characters.
pub const MAX_LEN: usize = 2000;
const MAX_DEPTH: usize = 32;

/// A parsed, type-checked condition.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition(Expr);

impl Condition {
    /// Parses and type-checks `text`.
    pub fn parse(text: &str) -> Result<Condition, ConditionError> {
        if text.chars().count() > MAX_LEN {
            return Err(ConditionError { offset: MAX_LEN, fault: ConditionFault::TooComplex });
        }
        let tokens = lexer::lex(text)?;
        let mut p = parser::Parser { tokens, pos: 0, end: text.chars().count(), depth: 0 };
        let expr = p.expr()?;
        if let Some(t) = p.tokens.get(p.pos) {
            return Err(ConditionError { offset: t.at, fault: ConditionFault::Unexpected });
        }
        if expr.kind() != Kind::Bool {
            return Err(ConditionError { offset: 0, fault: ConditionFault::NotBoolean });
        }
        Ok(Condition(expr))
    }

    /// Whether the condition holds in `ctx`.
    pub fn holds(&self, ctx: &Context) -> bool {
        matches!(self.0.eval(ctx), Some(Value::Bool(true)))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Bool,
    Str,
    Int,
    Date,
    DateTime,
}

#[derive(Clone, Debug, PartialEq)]
enum Expr {
    Bool(bool),
    Str(String),
    Int(i64),
    /// Days since 1970-01-01.
    Date(i64),
    /// Unix seconds.
    DateTime(i64),
    CurrentDate,
    CurrentDateTime,
    SamUserName,
    OperatorId,
    PathVariable(String),
    IpIn(Vec<Cidr>),
    Cmp(CmpOp, Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
}

#[derive(Clone, Debug, PartialEq, PartialOrd)]
enum Value {
    Bool(bool),
    Str(String),
    Int(i64),
}

impl Expr {
    fn kind(&self) -> Kind {
        match self {
            Expr::Bool(_) | Expr::IpIn(_) | Expr::Cmp(..) | Expr::And(..) | Expr::Or(..) | Expr::Not(_) => Kind::Bool,
            Expr::Str(_) | Expr::SamUserName | Expr::OperatorId | Expr::PathVariable(_) => Kind::Str,
            Expr::Int(_) => Kind::Int,
            Expr::Date(_) | Expr::CurrentDate => Kind::Date,
            Expr::DateTime(_) | Expr::CurrentDateTime => Kind::DateTime,
        }
    }

    /// The value, or `None` when it is absent (see the module doc).
    fn eval(&self, ctx: &Context) -> Option<Value> {
        Some(match self {
            Expr::Bool(b) => Value::Bool(*b),
            Expr::Str(s) => Value::Str(s.clone()),
            Expr::Int(n) | Expr::Date(n) | Expr::DateTime(n) => Value::Int(*n),
            Expr::CurrentDate => Value::Int(ctx.now.div_euclid(86_400)),
            Expr::CurrentDateTime => Value::Int(ctx.now),
            Expr::SamUserName => Value::Str(ctx.sam_user_name?.to_string()),
            Expr::OperatorId => Value::Str(ctx.operator_id.to_string()),
            Expr::PathVariable(name) => Value::Str(ctx.path.iter().find(|(k, _)| k == name)?.1.to_string()),
            Expr::IpIn(ranges) => Value::Bool(ctx.client.is_some_and(|ip| ranges.iter().any(|r| r.contains(ip)))),
            Expr::Cmp(op, a, b) => Value::Bool(match (a.eval(ctx), b.eval(ctx)) {
                (Some(x), Some(y)) => match op {
                    CmpOp::Eq => x == y,
                    CmpOp::Ne => x != y,
                    CmpOp::Lt => x < y,
                    CmpOp::Le => x <= y,
                    CmpOp::Gt => x > y,
                    CmpOp::Ge => x >= y,
                },
                _ => false,
            }),
            Expr::And(a, b) => Value::Bool(a.truth(ctx) && b.truth(ctx)),
            Expr::Or(a, b) => Value::Bool(a.truth(ctx) || b.truth(ctx)),
            Expr::Not(a) => Value::Bool(!a.truth(ctx)),
        })
    }

    fn truth(&self, ctx: &Context) -> bool {
        matches!(self.eval(ctx), Some(Value::Bool(true)))
    }
}

/// A refusal at `offset`.
fn err(offset: usize, fault: ConditionFault) -> ConditionError {
    ConditionError { offset, fault }
}

#[cfg(test)]
mod tests;
