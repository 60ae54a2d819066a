//! The OpenAPI document and the router agree: every documented operation
//! is served, and on each documented path no undocumented method is.

use super::*;

/// The reference operations not served yet (each must answer "no such
/// operation" until it is, and then leave this list).
const NOT_YET: &[&str] = &[];

/// Operations of the platform's API beyond the reference subset that are
/// served because a subset operation needs them (`switchUser` needs a
/// trust policy to trust anyone).
const BEYOND_THE_SUBSET: &[&str] = &["getUserTrustPolicy", "updateUserTrustPolicy", "deleteUserTrustPolicy"];

/// Fills a documented path's variables.
fn concrete(path: &str) -> String {
    path.replace("{operator_id}", "OP0000000000")
        .replace("{user_name}", "u")
        .replace("{role_id}", "r")
        .replace("{auth_key_id}", "keyId-x")
        .replace("{email_id}", "e")
}

#[tokio::test]
async fn every_documented_operation_is_served_and_nothing_else_on_its_path() {
    let site = ApiSite::new(Store::Sqlite).await;
    let served = site.call(Method::GET, "/openapi.json", None, None).await;
    assert_eq!(served.status, StatusCode::OK);
    let doc = served.body;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let mut ids = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in ["get", "post", "put", "delete"] {
            let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let a = site.call(m, &concrete(path), None, None).await;
            match item.get(method) {
                Some(op) => {
                    let id = op["operationId"].as_str().unwrap();
                    ids.push(id.to_string());
                    assert!(!["AUM0045", "AUM0046"].contains(&a.code()), "{method} {path} ({id}) is not served");
                    assert!(op["responses"]["400"].is_object(), "{id} documents its errors");
                }
                None => assert_eq!(a.code(), "AUM0046", "{method} {path} is served but not documented"),
            }
        }
    }
    let reference: Vec<&str> = include_str!("../../../docs/api-operations.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split(':').nth(1).unwrap())
        .collect();
    for id in &ids {
        let known = reference.contains(&id.as_str()) || BEYOND_THE_SUBSET.contains(&id.as_str());
        assert!(known, "{id} is not an operation of the reference API");
    }
    let missing: Vec<&str> = reference.iter().copied().filter(|r| !ids.iter().any(|i| i == r)).collect();
    assert_eq!(missing, NOT_YET, "served operations and the list of those not yet served disagree");
}

#[tokio::test]
async fn signed_in_operations_name_the_two_headers() {
    let doc = serde_json::to_value(crate::rest::document()).unwrap();
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["api_key"]["name"], "X-Soracom-API-Key");
    assert_eq!(schemes["api_token"]["name"], "X-Soracom-Token");
    assert!(doc["paths"]["/auth"]["post"].get("security").is_none(), "sign-in needs no token");
    let get_user = &doc["paths"]["/operators/{operator_id}/users/{user_name}"]["get"];
    assert!(get_user["security"][0]["api_token"].is_array());
    assert!(get_user["responses"]["401"].is_object() && get_user["responses"]["403"].is_object());
}
