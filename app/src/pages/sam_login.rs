//! SAM user sign-in (`/login/sam`): operator id, user name and password;
//! then the MFA step when that user has it on.

use crate::components::field::TextField;
use crate::components::notice::{FormError, action_error, field_error, typed_email};
use crate::error::Field;
use crate::i18n::{Msg, use_lang};
use crate::server_fns::auth::SignInSam;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The SAM sign-in page.
#[component]
pub fn SamLoginPage() -> impl IntoView {
    let i = use_lang();
    let query = use_query_map();
    let next = query.read_untracked().get("next").unwrap_or_default();
    let operator = query.read_untracked().get("operator").unwrap_or_default();
    view! {
        <Title text=i.t(Msg::SamLoginTitle)/>
        <section class="card narrow">
            <h1>{i.t(Msg::SamLoginTitle)}</h1>
            <p>{i.t(Msg::SamLoginIntro)}</p>
            <SamSignInForm next=next operator=operator/>
            <p class="links">
                <a href={crate::paths::LOGIN}>{i.t(Msg::SamLoginToRoot)}</a>
                <br/>
                <a href="/password/forgot">{i.t(Msg::LoginForgot)}</a>
            </p>
        </section>
    }
}

/// The form (an island: errors show in place once hydrated).
#[island(lazy)]
fn SamSignInForm(next: String, operator: String) -> impl IntoView {
    let i = use_lang();
    let sign_in = ServerAction::<SignInSam>::new();
    let err = action_error(sign_in);
    let typed = typed_email(err);
    let part =
        move |n: usize| Signal::derive(move || typed.get().and_then(|t| t.split('\n').nth(n).map(str::to_string)));
    let (typed_operator, typed_name) = (part(0), part(1));
    let operator = Signal::derive(move || typed_operator.get().or_else(|| Some(operator.clone())));
    view! {
        <FormError err=err/>
        <ActionForm action=sign_in attr:novalidate=true attr:class="form" attr:id="sam-login-form">
            <input type="hidden" name="next" value=next/>
            <TextField name="operator_id" label=Msg::FieldOperatorId autocomplete="organization"
                value=operator error=field_error(err, Field::OperatorId)/>
            <TextField name="user_name" label=Msg::FieldUserName autocomplete="username"
                value=typed_name error=field_error(err, Field::Name)/>
            <TextField name="password" label=Msg::FieldPassword kind="password" autocomplete="current-password"
                error=field_error(err, Field::Password) clear_on=sign_in.version()/>
            <button type="submit" class="primary" disabled=move || sign_in.pending().get()>{i.t(Msg::LoginSubmit)}</button>
        </ActionForm>
    }
}
