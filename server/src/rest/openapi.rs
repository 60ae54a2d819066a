//! The OpenAPI document of `/v1`: the operations come from the handlers'
//! annotations; this adds what they all share — the API key and token
//! headers (except on the operations that need no sign-in) and the error
//! answers every operation can give, each `{code, message}`.

use super::error::ErrorBody;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, InfoBuilder, OpenApi, OpenApiBuilder, Ref, RefOr, ResponseBuilder, ServerBuilder,
};

/// The operations anyone may call (no API key or token).
const PUBLIC: &[&str] = &[
    "auth",
    "issuePasswordResetToken",
    "verifyPasswordResetToken",
    "verifyAddEmailToken",
    "issueMFARevokingToken",
    "verifyMFARevokingToken",
];

/// The document before the operations are added: title, server, schemes.
pub fn base() -> OpenApi {
    let header =
        |name: &str, about: &str| SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(name, about)));
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Gatehouse API")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some("Accounts, SAM users, roles and auth keys, shaped after the SORACOM account API."))
                .build(),
        )
        .servers(Some(vec![ServerBuilder::new().url("/v1").build()]))
        .components(Some(
            ComponentsBuilder::new()
                .schema_from::<ErrorBody>()
                .security_scheme("api_key", header("X-Soracom-API-Key", "The apiKey answered by POST /auth."))
                .security_scheme("api_token", header("X-Soracom-Token", "The token answered by POST /auth."))
                .build(),
        ))
        .build()
}

/// The error answers of an operation: every one may meet bad input, a busy
/// server or a failure; signed-in ones also a missing or bad token and a
/// refusal; sign-in a lock.
fn errors(public: bool, id: &str) -> Vec<(&'static str, &'static str)> {
    let mut list = vec![("400", "Bad request: a field is missing or wrong."), ("503", "Busy: try again in a moment.")];
    if !public || id == "auth" {
        list.push(("401", "No, an expired, revoked or forged token; or wrong credentials."));
    }
    if !public {
        list.push(("403", "Not permitted, or not this operator."));
    }
    if id == "auth" || !public {
        list.push(("429", "Too many attempts: locked for a while (AUM0131)."));
    }
    list
}

/// Adds the shared security requirement and error answers to each operation.
pub fn finish(mut doc: OpenApi) -> OpenApi {
    let signed_in = SecurityRequirement::new("api_key", Vec::<String>::new()).add("api_token", Vec::<String>::new());
    for item in doc.paths.paths.values_mut() {
        for op in [&mut item.get, &mut item.post, &mut item.put, &mut item.delete].into_iter().flatten() {
            let id = op.operation_id.clone().unwrap_or_default();
            let public = PUBLIC.contains(&id.as_str());
            if !public {
                op.security = Some(vec![signed_in.clone()]);
            }
            for (status, about) in errors(public, &id) {
                op.responses.responses.entry(status.to_string()).or_insert_with(|| {
                    let body = ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build();
                    RefOr::T(ResponseBuilder::new().description(about).content("application/json", body).build())
                });
            }
        }
    }
    doc
}
