//! Tokens to a type-checked expression (recursive descent, one token of look-ahead).

use super::cidr::Cidr;
use super::lexer::{CmpOp, Tok, Token};
use super::{ConditionError, ConditionFault, Expr, Kind, MAX_DEPTH, err};

pub(super) struct Parser {
    pub(super) tokens: Vec<Token>,
    pub(super) pos: usize,
    /// The offset just past the text, for "ended too early".
    pub(super) end: usize,
    pub(super) depth: usize,
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

    pub(super) fn expr(&mut self) -> Result<Expr, ConditionError> {
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
pub(super) fn days(y: i64, m: i64, d: i64) -> Option<i64> {
    let month = time::Month::try_from(u8::try_from(m).ok()?).ok()?;
    let date = time::Date::from_calendar_date(i32::try_from(y).ok()?, month, u8::try_from(d).ok()?).ok()?;
    Some(i64::from(
        date.to_julian_day() - time::Date::from_calendar_date(1970, time::Month::January, 1).ok()?.to_julian_day(),
    ))
}
