//! The re-authentication fields of a sensitive form.

use crate::components::field::TextField;
use crate::i18n::Msg;
use leptos::prelude::*;

/// The password field a sensitive change asks for when the sign-in is old,
/// and, with `code_id`, the code field beside it (MFA is on).
#[component]
pub fn ReauthField(
    needs_password: bool,
    id: &'static str,
    error: Signal<Option<String>>,
    #[prop(default = None)] code_id: Option<&'static str>,
    #[prop(into, optional)] code_error: Signal<Option<String>>,
    clear_on: Signal<usize>,
) -> impl IntoView {
    needs_password.then(|| {
        view! {
            <TextField name="current" id=id label=Msg::FieldCurrent kind="password" autocomplete="current-password"
                hint=Msg::MfaReauthHint error=error clear_on=clear_on/>
            {code_id.map(|code_id| view! {
                <TextField name="code" id=code_id label=Msg::FieldCode autocomplete="one-time-code"
                    inputmode="numeric" error=code_error clear_on=clear_on/>
            })}
        }
    })
}
