//! What both adapters read of a request's head about its client: the
//! address the server resolved (the peer, or the one a trusted proxy
//! forwarded) and the User-Agent. A leaf: the console's server functions
//! and the `/v1` extractors both use it, and neither imports the other.

use crate::account::ClientInfo;
use axum::extract::ConnectInfo;
use http::header::USER_AGENT;
use std::net::SocketAddr;

/// The client's address as the server resolved it; put into each request
/// by the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub std::net::IpAddr);

/// The client's address (as the server resolved it, else the peer) and
/// User-Agent of a request.
pub fn client_info_of(p: &http::request::Parts) -> ClientInfo {
    let addr = p
        .extensions
        .get::<ClientAddr>()
        .map(|c| c.0)
        .or_else(|| p.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip()));
    ClientInfo {
        addr: addr.map(|a| a.to_string()),
        user_agent: p.headers.get(USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_string),
    }
}
