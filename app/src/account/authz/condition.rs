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

pub use crate::error::ConditionFault;
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
        let tokens = lex(text)?;
        let mut p = Parser { tokens, pos: 0, end: text.chars().count(), depth: 0 };
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

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Name(String),
    Str(String),
    Int(i64),
    Open,
    Close,
    Comma,
    Cmp(CmpOp),
    And,
    Or,
    Not,
}

#[derive(Clone, Debug, PartialEq)]
struct Token {
    tok: Tok,
    at: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

fn err(offset: usize, fault: ConditionFault) -> ConditionError {
    ConditionError { offset, fault }
}

fn lex(text: &str) -> Result<Vec<Token>, ConditionError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = vec![];
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let at = i;
        let two = |s: &str| chars[i..].iter().take(2).collect::<String>() == s;
        let (tok, len) = match c {
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '(' => (Tok::Open, 1),
            ')' => (Tok::Close, 1),
            ',' => (Tok::Comma, 1),
            '=' if two("==") => (Tok::Cmp(CmpOp::Eq), 2),
            '!' if two("!=") => (Tok::Cmp(CmpOp::Ne), 2),
            '!' => (Tok::Not, 1),
            '<' if two("<=") => (Tok::Cmp(CmpOp::Le), 2),
            '<' => (Tok::Cmp(CmpOp::Lt), 1),
            '>' if two(">=") => (Tok::Cmp(CmpOp::Ge), 2),
            '>' => (Tok::Cmp(CmpOp::Gt), 1),
            '&' if two("&&") => (Tok::And, 2),
            '|' if two("||") => (Tok::Or, 2),
            '\'' | '"' => {
                let (s, len) = string(&chars[i..], at)?;
                (Tok::Str(s), len)
            }
            c if c.is_ascii_digit() || (c == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) => {
                let len = 1 + chars[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
                let digits: String = chars[i..i + len].iter().collect();
                (Tok::Int(digits.parse().map_err(|_| err(at, ConditionFault::Unexpected))?), len)
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let len = chars[i..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == '_').count();
                let word: String = chars[i..i + len].iter().collect();
                let tok = match word.as_str() {
                    "and" => Tok::And,
                    "or" => Tok::Or,
                    "not" => Tok::Not,
                    _ => Tok::Name(word),
                };
                (tok, len)
            }
            _ => return Err(err(at, ConditionFault::Unexpected)),
        };
        out.push(Token { tok, at });
        i += len;
    }
    Ok(out)
}

/// A quoted string starting at `chars[0]`; a backslash escapes the next character.
fn string(chars: &[char], at: usize) -> Result<(String, usize), ConditionError> {
    let quote = chars[0];
    let mut s = String::new();
    let mut i = 1;
    while i < chars.len() {
        match chars[i] {
            '\\' if i + 1 < chars.len() => {
                s.push(chars[i + 1]);
                i += 2;
            }
            c if c == quote => return Ok((s, i + 1)),
            c => {
                s.push(c);
                i += 1;
            }
        }
    }
    Err(err(at, ConditionFault::UnclosedString))
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

/// An address range `address/prefix` (IPv4 or IPv6; a bare address is a
/// range of one).
#[derive(Clone, Debug, PartialEq)]
struct Cidr {
    net: IpAddr,
    prefix: u8,
}

impl Cidr {
    fn parse(s: &str) -> Option<Cidr> {
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) if !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()) => (a, Some(p.parse::<u8>().ok()?)),
            Some(_) => return None,
            None => (s, None),
        };
        let net: IpAddr = addr.trim().parse().ok()?;
        let max = if net.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(Cidr { net, prefix })
    }

    fn contains(&self, ip: IpAddr) -> bool {
        // An IPv4 client reached over an IPv6 socket arrives as ::ffff:a.b.c.d.
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
            v4 => v4,
        };
        match (self.net, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                masked(u32::from(n).into(), 32, self.prefix) == masked(u32::from(a).into(), 32, self.prefix)
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => {
                masked(u128::from(n), 128, self.prefix) == masked(u128::from(a), 128, self.prefix)
            }
            _ => false,
        }
    }
}

fn masked(bits: u128, width: u32, prefix: u8) -> u128 {
    let host_bits = width - u32::from(prefix);
    if host_bits >= 128 { 0 } else { bits >> host_bits }
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    /// The offset just past the text, for "ended too early".
    end: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|t| &t.tok)
    }

    fn at(&self) -> usize {
        self.tokens.get(self.pos).map_or(self.end, |t| t.at)
    }

    fn next(&mut self) -> Result<Token, ConditionError> {
        let t = self.tokens.get(self.pos).cloned().ok_or(err(self.end, ConditionFault::UnexpectedEnd))?;
        self.pos += 1;
        Ok(t)
    }

    fn expect(&mut self, want: &Tok) -> Result<(), ConditionError> {
        let t = self.next()?;
        if &t.tok == want { Ok(()) } else { Err(err(t.at, ConditionFault::Unexpected)) }
    }

    fn expr(&mut self) -> Result<Expr, ConditionError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(err(self.at(), ConditionFault::TooComplex));
        }
        let e = self.or();
        self.depth -= 1;
        e
    }

    fn boolean(&self, e: &Expr, at: usize) -> Result<(), ConditionError> {
        if e.kind() == Kind::Bool { Ok(()) } else { Err(err(at, ConditionFault::Types)) }
    }

    fn or(&mut self) -> Result<Expr, ConditionError> {
        let at = self.at();
        let mut left = self.and()?;
        while self.peek() == Some(&Tok::Or) {
            self.boolean(&left, at)?;
            self.pos += 1;
            let at = self.at();
            let right = self.and()?;
            self.boolean(&right, at)?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, ConditionError> {
        let at = self.at();
        let mut left = self.unary()?;
        while self.peek() == Some(&Tok::And) {
            self.boolean(&left, at)?;
            self.pos += 1;
            let at = self.at();
            let right = self.unary()?;
            self.boolean(&right, at)?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, ConditionError> {
        if self.peek() == Some(&Tok::Not) {
            self.pos += 1;
            self.depth += 1;
            if self.depth > MAX_DEPTH {
                return Err(err(self.at(), ConditionFault::TooComplex));
            }
            let at = self.at();
            let inner = self.unary()?;
            self.depth -= 1;
            self.boolean(&inner, at)?;
            return Ok(Expr::Not(Box::new(inner)));
        }
        self.compare()
    }

    fn compare(&mut self) -> Result<Expr, ConditionError> {
        let left = self.primary()?;
        let Some(Tok::Cmp(op)) = self.peek().cloned() else { return Ok(left) };
        let op_at = self.at();
        self.pos += 1;
        let right = self.primary()?;
        let (lk, rk) = (left.kind(), right.kind());
        let ordered = matches!(op, CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge);
        if lk != rk || (ordered && lk == Kind::Bool) {
            return Err(err(op_at, ConditionFault::Types));
        }
        Ok(Expr::Cmp(op, Box::new(left), Box::new(right)))
    }

    fn primary(&mut self) -> Result<Expr, ConditionError> {
        let t = self.next()?;
        match t.tok {
            Tok::Open => {
                let e = self.expr()?;
                self.expect(&Tok::Close)?;
                Ok(e)
            }
            Tok::Str(s) => Ok(Expr::Str(s)),
            Tok::Int(n) => Ok(Expr::Int(n)),
            Tok::Name(name) if self.peek() == Some(&Tok::Open) => self.call(&name, t.at),
            Tok::Name(name) => match name.as_str() {
                "currentDate" => Ok(Expr::CurrentDate),
                "currentDateTime" => Ok(Expr::CurrentDateTime),
                "samUserName" => Ok(Expr::SamUserName),
                "operatorId" => Ok(Expr::OperatorId),
                "true" => Ok(Expr::Bool(true)),
                "false" => Ok(Expr::Bool(false)),
                _ => Err(err(t.at, ConditionFault::UnknownName)),
            },
            _ => Err(err(t.at, ConditionFault::Unexpected)),
        }
    }

    /// The literal arguments of a call: `( lit , lit … )`.
    fn args(&mut self) -> Result<Vec<(Tok, usize)>, ConditionError> {
        self.expect(&Tok::Open)?;
        let mut args = vec![];
        if self.peek() == Some(&Tok::Close) {
            self.pos += 1;
            return Ok(args);
        }
        loop {
            let t = self.next()?;
            match t.tok {
                Tok::Str(_) | Tok::Int(_) => args.push((t.tok, t.at)),
                _ => return Err(err(t.at, ConditionFault::Arguments)),
            }
            let sep = self.next()?;
            match sep.tok {
                Tok::Comma => continue,
                Tok::Close => return Ok(args),
                _ => return Err(err(sep.at, ConditionFault::Unexpected)),
            }
        }
    }

    fn call(&mut self, name: &str, at: usize) -> Result<Expr, ConditionError> {
        if !matches!(name, "ipAddress" | "date" | "dateTime" | "pathVariable") {
            return Err(err(at, ConditionFault::UnknownName));
        }
        let args = self.args()?;
        let strings = || -> Result<Vec<(String, usize)>, ConditionError> {
            args.iter()
                .map(|(t, a)| match t {
                    Tok::Str(s) => Ok((s.clone(), *a)),
                    _ => Err(err(*a, ConditionFault::Arguments)),
                })
                .collect()
        };
        let ints = |n: usize| -> Result<Vec<i64>, ConditionError> {
            if args.len() != n {
                return Err(err(at, ConditionFault::Arguments));
            }
            args.iter()
                .map(|(t, a)| match t {
                    Tok::Int(v) => Ok(*v),
                    _ => Err(err(*a, ConditionFault::Arguments)),
                })
                .collect()
        };
        match name {
            "ipAddress" => {
                let ranges = strings()?;
                if ranges.is_empty() {
                    return Err(err(at, ConditionFault::Arguments));
                }
                let parsed = ranges
                    .iter()
                    .map(|(s, a)| Cidr::parse(s).ok_or(err(*a, ConditionFault::Cidr)))
                    .collect::<Result<_, _>>()?;
                Ok(Expr::IpIn(parsed))
            }
            "pathVariable" => match strings()?.as_slice() {
                [(s, _)] => Ok(Expr::PathVariable(s.clone())),
                _ => Err(err(at, ConditionFault::Arguments)),
            },
            "date" => {
                let v = ints(3)?;
                Ok(Expr::Date(days(v[0], v[1], v[2]).ok_or(err(at, ConditionFault::Date))?))
            }
            _ => {
                let v = ints(6)?;
                let d = days(v[0], v[1], v[2]).ok_or(err(at, ConditionFault::Date))?;
                let (h, mi, s) = (v[3], v[4], v[5]);
                if !(0..24).contains(&h) || !(0..60).contains(&mi) || !(0..60).contains(&s) {
                    return Err(err(at, ConditionFault::Date));
                }
                Ok(Expr::DateTime(d * 86_400 + h * 3600 + mi * 60 + s))
            }
        }
    }
}

/// Days from 1970-01-01 to the given calendar day (UTC), if it exists.
fn days(y: i64, m: i64, d: i64) -> Option<i64> {
    let month = time::Month::try_from(u8::try_from(m).ok()?).ok()?;
    let date = time::Date::from_calendar_date(i32::try_from(y).ok()?, month, u8::try_from(d).ok()?).ok()?;
    Some(i64::from(
        date.to_julian_day() - time::Date::from_calendar_date(1970, time::Month::January, 1).ok()?.to_julian_day(),
    ))
}

#[cfg(test)]
#[path = "condition_tests.rs"]
mod tests;
