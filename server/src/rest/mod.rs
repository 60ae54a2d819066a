//! The `/v1` HTTP API: the platform's account API (the paths, operation
//! ids, field names and shapes of its public spec), so its generated
//! clients, CLI and scripts work unchanged. A thin adapter: each handler
//! parses, authenticates (see [`extract`]), calls one `app::account`
//! operation — which authorizes — and shapes the answer. The OpenAPI
//! document is generated from the same handlers ([`openapi`]).

/// `Debug` for the request and answer bodies that hold a password, a
/// token, an auth key's secret, a code or a TOTP secret: it names the type
/// and never a field, so a log line can never print one (security review 2
/// Info 5).
macro_rules! debug_without_fields {
    ($($body:ty),* $(,)?) => {
        $(impl std::fmt::Debug for $body {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(concat!(stringify!($body), " { .. }"))
            }
        })*
    };
}

mod auth;
mod emails;
mod error;
mod extract;
mod keys;
mod lang;
mod mfa;
mod model;
mod openapi;
mod operator;
mod roles;
mod users;

use app::account::Account;
use app::error::AppError;
use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use error::ApiFailure;
use lang::ApiLang;
use utoipa_axum::router::OpenApiRouter;

/// Every operation, with its OpenAPI description.
pub fn operations() -> OpenApiRouter<Account> {
    OpenApiRouter::with_openapi(openapi::base())
        .merge(auth::routes())
        .merge(operator::routes())
        .merge(mfa::routes())
        .merge(emails::routes())
        .merge(users::routes())
        .merge(roles::routes())
}

/// The OpenAPI document of [`operations`], as served.
#[cfg(test)]
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, doc) = operations().split_for_parts();
    openapi::finish(doc)
}

/// (Tests.) Every operation of the document: its method and its path under
/// `/v1`, with `operator` for the operator id, `user` for the user name
/// and `x` for any other parameter.
#[cfg(test)]
pub fn every_operation(operator: &str, user: &str) -> Vec<(axum::http::Method, String)> {
    use axum::http::Method;
    let mut ops = Vec::new();
    for (path, item) in &document().paths.paths {
        let filled = path
            .split('/')
            .map(|seg| match seg {
                "{operator_id}" => operator,
                "{user_name}" => user,
                s if s.starts_with('{') => "x",
                s => s,
            })
            .collect::<Vec<_>>()
            .join("/");
        let methods = [
            (Method::GET, item.get.is_some()),
            (Method::POST, item.post.is_some()),
            (Method::PUT, item.put.is_some()),
            (Method::DELETE, item.delete.is_some()),
            (Method::PATCH, item.patch.is_some()),
        ];
        ops.extend(methods.into_iter().filter(|(_, present)| *present).map(|(m, _)| (m, filled.clone())));
    }
    assert!(ops.len() > 40, "the operations: {ops:?}");
    ops
}

/// The API, nested at `/v1`, with `/v1/openapi.json`; unknown paths and
/// methods answer with a code too.
pub fn router(account: Account) -> Router {
    let lock_secs = account.config().lock.lock_secs;
    let (api, doc) = operations().split_for_parts();
    let doc = openapi::finish(doc);
    let api = api
        .route("/openapi.json", axum::routing::get(move || async move { axum::Json(doc) }))
        .fallback(|lang: ApiLang| async move { ApiFailure { error: AppError::NoSuchOperation, lang: lang.0 } })
        .method_not_allowed_fallback(|lang: ApiLang| async move {
            ApiFailure { error: AppError::MethodNotAllowed, lang: lang.0 }
        })
        .layer(axum::middleware::map_response(move |res: Response| async move { retry_after(res, lock_secs) }))
        .with_state(account);
    Router::new().nest("/v1", api)
}

/// A locked caller is told when to come back: the first lock's length (a
/// repeated lock lasts longer; the README documents the lengths).
fn retry_after(mut res: Response, lock_secs: i64) -> Response {
    if res.status() == StatusCode::TOO_MANY_REQUESTS && !res.headers().contains_key(header::RETRY_AFTER) {
        res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(lock_secs));
    }
    res.into_response()
}
