//! Server functions answer every failure with status 500 and the error in
//! the body. This layer gives such answers the status that fits their
//! error code (400, 401, 403, 429, 503, …), so the browser's network log
//! and any script calling `/api/…` see what kind of failure it was.

use app::api::ApiError;
use app::error::AppError;
use axum::body::{Body, to_bytes};
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

/// Largest error body read back (errors are tiny).
const MAX_ERROR_BODY: usize = 16 * 1024;

/// Rewrites the status of failed server-function calls from their error code.
pub async fn fit_status(req: Request<Body>, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if !is_api || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(err) = serde_json::from_slice::<ApiError>(&bytes)
        && let Ok(status) = StatusCode::from_u16(err.error.http_status())
    {
        parts.status = status;
        if err.error == AppError::Busy {
            parts.headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}
