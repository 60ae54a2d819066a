//! The client's address. Behind a TLS proxy every request arrives from the
//! proxy, so the address the proxy saw is read from the one forwarding
//! header the proxy writes (`FORWARDED_HEADER`: `X-Forwarded-For` by
//! default, or `Forwarded`) — only when the peer is one of
//! `TRUSTED_PROXIES` (anyone else could write those headers), and never
//! from the other header, which a client can send through a proxy that
//! does not manage it. The result goes into the request as [`ClientAddr`]
//! for the throttles, the activity log, `ipAddress()` conditions and the
//! sessions list. Without `TRUSTED_PROXIES`, behind a proxy every client
//! has the proxy's address.

use app::request_head::ClientAddr;
pub use app::request_head::client_info_of as client_info;
use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, Request};
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The forwarding header the trusted proxies write (`FORWARDED_HEADER`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ForwardingHeader {
    /// `X-Forwarded-For` (nginx's usual set-up, Caddy's default).
    #[default]
    XForwardedFor,
    /// `Forwarded` (RFC 7239).
    Forwarded,
}

impl ForwardingHeader {
    /// Parses the setting: `x-forwarded-for` (the default when empty) or `forwarded`.
    pub fn parse(value: &str) -> Result<Self, String> {
        match value.trim().to_ascii_lowercase().as_str() {
            "" | "x-forwarded-for" => Ok(ForwardingHeader::XForwardedFor),
            "forwarded" => Ok(ForwardingHeader::Forwarded),
            other => Err(format!("FORWARDED_HEADER: {other:?} is neither x-forwarded-for nor forwarded")),
        }
    }
}

/// The proxies whose forwarding header is believed, and which header that is.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies {
    nets: Arc<Vec<IpNet>>,
    header: ForwardingHeader,
}

impl TrustedProxies {
    /// (Tests.) Parses `TRUSTED_PROXIES` (addresses or CIDR networks,
    /// separated by commas or spaces) for proxies that write `X-Forwarded-For`.
    #[cfg(test)]
    pub fn parse(list: &str) -> Result<Self, String> {
        Self::parse_with(list, ForwardingHeader::XForwardedFor)
    }

    /// Parses `TRUSTED_PROXIES` for proxies that write `header`.
    pub fn parse_with(list: &str, header: ForwardingHeader) -> Result<Self, String> {
        let nets = list
            .split([',', ' ', '\t', '\n'])
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<IpNet>()
                    .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("TRUSTED_PROXIES: {s:?} is not an address or CIDR network"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(TrustedProxies { nets: Arc::new(nets), header })
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.nets.iter().any(|net| net.contains(&ip))
    }

    /// The client of a request that came from `peer` with these headers:
    /// walking the forwarding chain from the nearest hop, the first address
    /// that is not a trusted proxy. An unreadable hop ends the walk at the
    /// last proxy that is known.
    pub fn client_of(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let mut client = canonical(peer);
        if !self.trusts(client) {
            return client;
        }
        for hop in forwarded_chain(headers, self.header).iter().rev() {
            match hop {
                Some(ip) => {
                    client = canonical(*ip);
                    if !self.trusts(client) {
                        break;
                    }
                }
                None => break,
            }
        }
        client
    }
}

/// IPv4 addresses that arrive mapped into IPv6 (`::ffff:a.b.c.d`) as IPv4.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

/// The forwarding chain of `header`, farthest hop first. A hop that is not
/// an address (`unknown`, an obfuscated name, garbage) is `None`.
fn forwarded_chain(headers: &HeaderMap, header: ForwardingHeader) -> Vec<Option<IpAddr>> {
    let values = |name: &str| -> Vec<String> {
        headers.get_all(name).iter().map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()).collect()
    };
    if header == ForwardingHeader::Forwarded {
        return values("forwarded")
            .iter()
            .flat_map(|v| v.split(',').map(str::to_string).collect::<Vec<_>>())
            .map(|element| {
                element
                    .split(';')
                    .filter_map(|pair| pair.split_once('='))
                    .find(|(k, _)| k.trim().eq_ignore_ascii_case("for"))
                    .and_then(|(_, v)| parse_node(v.trim().trim_matches('"')))
            })
            .collect();
    }
    values("x-forwarded-for")
        .iter()
        .flat_map(|v| v.split(',').map(str::to_string).collect::<Vec<_>>())
        .map(|hop| parse_node(hop.trim()))
        .collect()
}

/// An address as proxies write it: `192.0.2.1`, `192.0.2.1:4711`,
/// `2001:db8::1`, `[2001:db8::1]` or `[2001:db8::1]:4711`.
fn parse_node(s: &str) -> Option<IpAddr> {
    if let Ok(ip) = s.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(sa) = s.parse::<SocketAddr>() {
        return Some(sa.ip());
    }
    s.strip_prefix('[').and_then(|r| r.strip_suffix(']')).and_then(|r| r.parse().ok())
}

/// Seconds since the epoch of the last warning about forwarding headers
/// from a peer that is not trusted (one a minute at most).
static LAST_UNTRUSTED_WARNING: AtomicU64 = AtomicU64::new(0);

/// Warns (once a minute at most) that a peer outside `TRUSTED_PROXIES`
/// sent forwarding headers: a proxy missing from the setting (every client
/// then has its address), or a client trying to choose its own.
fn warn_untrusted_forwarding(peer: IpAddr) {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let last = LAST_UNTRUSTED_WARNING.load(Ordering::Relaxed);
    if now >= last + 60
        && LAST_UNTRUSTED_WARNING.compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed).is_ok()
    {
        tracing::warn!(%peer, "forwarding headers from a peer outside TRUSTED_PROXIES are ignored");
    }
}

/// Puts the resolved [`ClientAddr`] into every request.
pub async fn resolve(State(trusted): State<TrustedProxies>, mut req: Request<Body>, next: Next) -> Response {
    if let Some(peer) = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip()) {
        let forwarding = req.headers().contains_key("forwarded") || req.headers().contains_key("x-forwarded-for");
        if forwarding && !trusted.trusts(peer) {
            warn_untrusted_forwarding(peer);
        }
        let client = trusted.client_of(peer, req.headers());
        req.extensions_mut().insert(ClientAddr(client));
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(), v.parse().unwrap());
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client_whatever_the_headers_say() {
        let none = TrustedProxies::default();
        let h = headers(&[("x-forwarded-for", "203.0.113.9"), ("forwarded", "for=203.0.113.9")]);
        assert_eq!(none.client_of(ip("10.0.0.2"), &h), ip("10.0.0.2"));
    }

    #[test]
    fn a_trusted_proxy_names_the_client_in_x_forwarded_for() {
        let t = TrustedProxies::parse("10.0.0.0/8").unwrap();
        let h = headers(&[("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(t.client_of(ip("10.0.0.2"), &h), ip("203.0.113.9"));
        // An untrusted peer's header is ignored.
        assert_eq!(t.client_of(ip("198.51.100.1"), &h), ip("198.51.100.1"));
    }

    #[test]
    fn a_client_cannot_forge_its_address_by_sending_the_header_itself() {
        let t = TrustedProxies::parse("10.0.0.2").unwrap();
        // The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the real address.
        let h = headers(&[("x-forwarded-for", "1.2.3.4, 203.0.113.9")]);
        assert_eq!(t.client_of(ip("10.0.0.2"), &h), ip("203.0.113.9"));
    }

    #[test]
    fn chains_of_trusted_proxies_are_walked_from_the_nearest() {
        let t = TrustedProxies::parse("10.0.0.0/8, 192.168.1.1").unwrap();
        let h = headers(&[("x-forwarded-for", "203.0.113.9, 192.168.1.1"), ("x-forwarded-for", "10.1.2.3")]);
        assert_eq!(t.client_of(ip("10.0.0.2"), &h), ip("203.0.113.9"));
    }

    #[test]
    fn behind_a_proxy_that_writes_x_forwarded_for_a_client_cannot_choose_its_address_with_forwarded() {
        let t = TrustedProxies::parse("10.0.0.2").unwrap();
        // The client sent "Forwarded: for=1.2.3.4"; the proxy passed it on
        // and appended the address it saw to X-Forwarded-For.
        let h = headers(&[("forwarded", "for=1.2.3.4"), ("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(t.client_of(ip("10.0.0.2"), &h), ip("203.0.113.9"));
    }

    #[test]
    fn the_forwarded_header_is_read_with_ports_quotes_and_ipv6() {
        let t = TrustedProxies::parse_with("::1 127.0.0.1", ForwardingHeader::Forwarded).unwrap();
        let h = headers(&[("forwarded", r#"for="[2001:db8:cafe::17]:4711";proto=https;by=127.0.0.1"#)]);
        assert_eq!(t.client_of(ip("::1"), &h), ip("2001:db8:cafe::17"));
        let h = headers(&[("forwarded", "for=192.0.2.60:443, for=127.0.0.1")]);
        assert_eq!(t.client_of(ip("127.0.0.1"), &h), ip("192.0.2.60"));
    }

    #[test]
    fn an_unreadable_hop_leaves_the_last_known_proxy() {
        let t = TrustedProxies::parse_with("127.0.0.1", ForwardingHeader::Forwarded).unwrap();
        let h = headers(&[("forwarded", "for=unknown")]);
        assert_eq!(t.client_of(ip("127.0.0.1"), &h), ip("127.0.0.1"));
        let t = TrustedProxies::parse("127.0.0.1").unwrap();
        let h = headers(&[("x-forwarded-for", "not-an-ip")]);
        assert_eq!(t.client_of(ip("127.0.0.1"), &h), ip("127.0.0.1"));
    }

    #[test]
    fn mapped_ipv4_peers_match_ipv4_networks() {
        let t = TrustedProxies::parse("127.0.0.0/8").unwrap();
        let h = headers(&[("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(t.client_of(ip("::ffff:127.0.0.1"), &h), ip("203.0.113.9"));
    }

    #[test]
    fn with_forwarded_chosen_x_forwarded_for_is_not_read() {
        let t = TrustedProxies::parse_with("10.0.0.2", ForwardingHeader::Forwarded).unwrap();
        let h = headers(&[("forwarded", "for=203.0.113.9"), ("x-forwarded-for", "1.2.3.4")]);
        assert_eq!(t.client_of(ip("10.0.0.2"), &h), ip("203.0.113.9"));
        let only_xff = headers(&[("x-forwarded-for", "1.2.3.4")]);
        assert_eq!(t.client_of(ip("10.0.0.2"), &only_xff), ip("10.0.0.2"));
    }

    #[test]
    fn the_forwarding_header_setting_names_one_of_two() {
        assert_eq!(ForwardingHeader::parse(""), Ok(ForwardingHeader::XForwardedFor));
        assert_eq!(ForwardingHeader::parse("X-Forwarded-For"), Ok(ForwardingHeader::XForwardedFor));
        assert_eq!(ForwardingHeader::parse("forwarded"), Ok(ForwardingHeader::Forwarded));
        assert!(ForwardingHeader::parse("x-real-ip").unwrap_err().contains("x-real-ip"));
    }

    #[test]
    fn bad_settings_are_refused_with_the_value() {
        let e = TrustedProxies::parse("10.0.0.0/8, proxy.local").unwrap_err();
        assert!(e.contains("proxy.local"), "{e}");
    }
}
