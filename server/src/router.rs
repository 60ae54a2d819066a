//! The axum router: Leptos pages and server functions, static files, and
//! the security layers around them.

use crate::client_addr::TrustedProxies;
use crate::security;
use app::account::Account;
use app::state::AppState;
use app::{App, shell};
use axum::Router;
use leptos::config::LeptosOptions;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;

/// Largest request body accepted (forms are small).
const MAX_BODY_BYTES: usize = 64 * 1024;

/// What every page render and server function gets in its context.
fn request_context() {
    security::provide_csp_nonce();
    app::server_fns::request::provide_request_cache();
}

/// Builds the whole application; `trusted` are the proxies whose
/// forwarding headers name the client.
pub fn build(leptos_options: LeptosOptions, account: Account, trusted: TrustedProxies) -> Result<Router, String> {
    let site = security::Site::new(&account.config().public_url)?;
    let retry_after = crate::server_fn_status::LockedRetryAfter(account.config().lock.lock_secs);
    let pkg_dir = format!("{}/{}", leptos_options.site_root, leptos_options.site_pkg_dir);
    let version = crate::assets::content_version(&leptos_options);
    let head = app::HeadAssets::new(crate::assets::versioned(&leptos_options, version.as_deref()));
    let state = AppState { leptos_options, account };
    let routes = generate_route_list(App);
    let api_trusted = trusted.clone();
    let api_site = site.clone();
    let console = Router::new()
        .nest_service("/pkg", crate::assets::service(pkg_dir, version))
        .leptos_routes_with_context(&state, routes, request_context, {
            let head = head.clone();
            move || shell(head.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(request_context, move |_| {
            shell(head.clone())
        }))
        .layer(axum::middleware::from_fn_with_state(retry_after, crate::server_fn_status::fit_status))
        // A panic answers 500 instead of dropping the connection, and still
        // gets the security headers of the layers around it.
        .layer(CatchPanicLayer::new())
        .layer(axum::middleware::from_fn_with_state(site.clone(), security::same_origin_writes))
        .layer(axum::middleware::from_fn_with_state(trusted, crate::client_addr::resolve))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(crate::server_fn_status::explain_refusals))
        // Outermost: every answer gets the security headers, the body
        // limit's 413 too.
        .layer(axum::middleware::from_fn_with_state(site, security::headers))
        .with_state(state.clone());
    // The `/v1` API is called by programs with headers, not cookies: no
    // origin check; its body limit answers with a code (see `rest`).
    let health = Router::new()
        .route(crate::health::PATH, axum::routing::get(crate::health::check))
        .with_state(state.account.clone());
    let api = crate::rest::router(state.account)
        .merge(health)
        .layer(CatchPanicLayer::new())
        .layer(axum::middleware::from_fn_with_state(api_trusted, crate::client_addr::resolve))
        .layer(axum::middleware::from_fn_with_state(api_site, security::headers));
    Ok(console.merge(api))
}
