//! Server functions answer every failure with status 500 and the error in
//! the body. This layer gives such answers the status that fits their
//! error code (400, 401, 403, 429, 503, …), so the browser's network log
//! and any script calling `/api/…` see what kind of failure it was.

use app::error::AppError;
use app::server_fns::ConsoleError;
use app::server_fns::request::RETURN_PAGE;
use axum::body::{Body, to_bytes};
use axum::extract::State;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

/// Largest error body read back (errors are tiny).
const MAX_ERROR_BODY: usize = 16 * 1024;

/// Seconds a locked caller is told to wait (`Retry-After` on 429).
#[derive(Clone, Copy, Debug)]
pub struct LockedRetryAfter(pub i64);

/// Rewrites the status of failed server-function calls from their error
/// code; a refused plain form post goes back to the page its server
/// function named (see [`back_to_its_page`]).
pub async fn fit_status(State(retry_after): State<LockedRetryAfter>, req: Request<Body>, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let is_api = path.starts_with("/api/");
    let lang = app::i18n::Lang::of_request(req.headers());
    let plain_form =
        req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"));
    let mut res = next.run(req).await;
    let page = res.headers_mut().remove(RETURN_PAGE);
    if !is_api {
        return res;
    }
    if let (true, Some(page)) = (plain_form, page) {
        return back_to_its_page(&path, page, res).await;
    }
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let Ok(err) = serde_json::from_slice::<ConsoleError>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    if let Ok(status) = StatusCode::from_u16(err.error.http_status()) {
        parts.status = status;
    }
    // Tell scripts when to come back: a moment for a busy hasher, a lock's
    // first length for a lock (a repeated lock lasts longer; the README
    // documents the lengths).
    match err.error {
        AppError::Busy | AppError::StoreUnavailable => {
            parts.headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        AppError::Locked => {
            parts.headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after.0));
        }
        _ => {}
    }
    // A script reads the stable code and the message beside the error the
    // console's own client decodes (it ignores fields it does not know).
    let mut body = serde_json::to_value(&err).unwrap_or_default();
    if let Some(obj) = body.as_object_mut() {
        obj.insert("code".into(), err.error.code().into());
        obj.insert("message".into(), err.error.message(lang).into());
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(body.to_string()))
}

/// A plain form post (no JavaScript) whose server function named its page:
/// when it was refused, the browser goes back to that page with the error
/// in the URL, where the form (or the page's notice) shows it. Leptos would
/// use the `Referer`, which privacy settings strip or trim. A success keeps
/// the redirect the server function chose.
async fn back_to_its_page(path: &str, page: HeaderValue, res: Response) -> Response {
    use leptos::server_fn::error::ServerFnUrlError;
    // A failure is answered 500, or 302 to the Referer (Leptos); its body
    // is the error. A success is any other answer, or a body that is not one.
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR && res.status() != StatusCode::FOUND {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let refused = match serde_json::from_slice::<ConsoleError>(&bytes) {
        Ok(err) => err,
        _ => return Response::from_parts(parts, Body::from(bytes)),
    };
    let page = page.to_str().unwrap_or("/");
    let Ok(url) = ServerFnUrlError::new(path, refused).to_url(&format!("http://console{page}")) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let target = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    };
    parts.status = StatusCode::FOUND;
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_TYPE);
    match HeaderValue::from_str(&target) {
        Ok(v) => parts.headers.insert(header::LOCATION, v),
        Err(_) => return Response::from_parts(parts, Body::from(bytes)),
    };
    Response::from_parts(parts, Body::empty())
}

/// Largest body of a refusal that is read to see whether it is ours.
const MAX_REFUSAL_BODY: usize = 4 * 1024;

/// The refusals the HTTP layers write themselves (axum's extractors and
/// method routing, the body limit) are plain English text without a code.
/// This layer gives them the code and message every other refusal has: JSON
/// for a script, plain text for a browser, in the request's language.
pub async fn explain_refusals(req: Request<Body>, next: Next) -> Response {
    let lang = app::i18n::Lang::of_request(req.headers());
    let wants_json =
        req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("application/json"));
    let res = next.run(req).await;
    // The status stays; the console's forms have one message for every
    // request they could not read (the API's codes speak of JSON).
    let error = match res.status() {
        StatusCode::PAYLOAD_TOO_LARGE => AppError::BodyTooLarge,
        StatusCode::METHOD_NOT_ALLOWED
        | StatusCode::UNSUPPORTED_MEDIA_TYPE
        | StatusCode::BAD_REQUEST
        | StatusCode::UNPROCESSABLE_ENTITY => AppError::BadRequest,
        _ => return res,
    };
    let ours = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json") || t.starts_with("text/html"));
    if ours {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    // Only the short text the layers write is replaced.
    if to_bytes(body, MAX_REFUSAL_BODY).await.is_err() {
        tracing::debug!("a long plain refusal was cut");
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    let message = error.message(lang);
    if wants_json {
        parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        let body = serde_json::json!({"code": error.code(), "message": message});
        Response::from_parts(parts, Body::from(body.to_string()))
    } else {
        parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
        Response::from_parts(parts, Body::from(message))
    }
}
