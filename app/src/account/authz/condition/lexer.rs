//! Characters to tokens, each with its character offset.

use super::{ConditionError, ConditionFault, err};

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Tok {
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
pub(super) struct Token {
    pub(super) tok: Tok,
    pub(super) at: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

pub(super) fn lex(text: &str) -> Result<Vec<Token>, ConditionError> {
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
