//! Keeping a refused document for the page a plain form post returns to
//! (with JavaScript the form keeps its text itself).

use super::ConsoleError;

/// Keeps `text` as the draft of `form` when the request is a plain form post.
pub async fn keep(form: &str, text: &str) -> Result<(), ConsoleError> {
    if !super::request::is_plain_form_post() {
        return Ok(());
    }
    let p = super::request::require_principal().await?;
    Ok(super::request::account()?.keep_draft(&p, form, text).await?)
}

/// The draft of `form` kept by [`keep`], once.
pub async fn take(form: &str) -> Result<Option<String>, ConsoleError> {
    let p = super::request::require_principal().await?;
    Ok(super::request::account()?.take_draft(&p, form).await?)
}

/// The draft key of a user's permission form.
pub fn user_permission(name: &str) -> String {
    format!("permission:user:{name}")
}

/// The draft key of a role's form (`None`: the form creating a role).
pub fn role(id: Option<&str>) -> String {
    format!("role:{}", id.unwrap_or(""))
}
