//! Percent-encoding of values put into a query string (`?next=…`, `?email=…`).

/// Encodes everything but unreserved characters and `/`.
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn reserved_characters_are_escaped() {
        assert_eq!(super::encode("/a b?c=d&e@f"), "/a%20b%3Fc%3Dd%26e%40f");
    }
}
