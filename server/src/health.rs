//! `GET /healthz`: whether this instance can serve, for a load balancer or
//! an orchestrator. 200 `{"status":"ok"}` when the store answers; while it
//! cannot be reached, 503 with `Retry-After` and the code and message of
//! `AUM0133`, like every other answer in that state.

use app::account::Account;
use app::i18n::Lang;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The health check's path.
pub const PATH: &str = "/healthz";

/// Answers the health check.
pub async fn check(State(account): State<Account>, headers: HeaderMap) -> Response {
    match account.check_store().await {
        Ok(()) => {
            let mut res = Json(serde_json::json!({"status": "ok"})).into_response();
            res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
        Err(e) => {
            let lang = Lang::of_request(&headers);
            let body = serde_json::json!({"code": e.code(), "message": e.message(lang)});
            let status = StatusCode::from_u16(e.http_status()).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
            let mut res = (status, Json(body)).into_response();
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
    }
}
