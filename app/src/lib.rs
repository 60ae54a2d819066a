//! Gatehouse's shared Leptos crate: the pages (rendered on the server and
//! hydrated in the browser), the server functions, and — on the server
//! only — the account logic.
#![recursion_limit = "256"]

#[cfg(feature = "ssr")]
pub mod account;
pub mod components;
#[cfg(feature = "ssr")]
pub mod cookies;
pub mod error;
pub mod i18n;
#[cfg(test)]
mod layering;
pub mod pages;
pub mod paths;
pub mod query;
#[cfg(feature = "ssr")]
pub mod request_head;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod state;

use components::layout::Layout;
use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};
use pages::mailed_link::MailedLinkPage;
use server_fns::links::LinkKind;

pub use components::island_scripts::HeadAssets;

/// The HTML document around the app, rendered on the server; `head` is
/// built once at start ([`HeadAssets::new`]).
pub fn shell(head: HeadAssets) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <components::island_scripts::HeadLinks head/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The console: routes and the shared layout. Rendered on the server
/// only; the islands inside the pages hydrate on their own.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = i18n::provide_lang();
    view! {
        <leptos_meta::Html attr:lang=lang.get().tag()/>
        <Title text=lang.t(i18n::Msg::AppName)/>
        <Router>
            <Layout>
                <Routes fallback=pages::not_found::NotFound>
                    <Route path=path!("/") view=pages::dashboard::DashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=pages::login::LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/signup") view=pages::signup::SignUpPage ssr=SsrMode::Async/>
                    <Route path=path!("/signup/sent") view=pages::signup::SignUpSentPage ssr=SsrMode::Async/>
                    <Route path=path!("/verify/:token") view=|| view! { <MailedLinkPage kind=LinkKind::Verify/> } ssr=SsrMode::Async/>
                    <Route path=path!("/password/forgot") view=pages::forgot::ForgotPage ssr=SsrMode::Async/>
                    <Route path=path!("/password/forgot/sent") view=pages::forgot::ForgotSentPage ssr=SsrMode::Async/>
                    <Route path=path!("/password/reset/:token") view=pages::reset::ResetPage ssr=SsrMode::Async/>
                    <Route path=path!("/email") view=pages::email::EmailPage ssr=SsrMode::Async/>
                    <Route path=path!("/email/confirm/:token") view=|| view! { <MailedLinkPage kind=LinkKind::Primary/> } ssr=SsrMode::Async/>
                    <Route path=path!("/email/recovery/:token") view=|| view! { <MailedLinkPage kind=LinkKind::Recovery/> } ssr=SsrMode::Async/>
                    <Route path=path!("/email/done") view=pages::mailed_link::EmailDonePage ssr=SsrMode::Async/>
                    <Route path=path!("/recover") view=pages::recover::RecoverPage ssr=SsrMode::Async/>
                    <Route path=path!("/recover/sent") view=pages::recover::RecoverSentPage ssr=SsrMode::Async/>
                    <Route path=path!("/recover/chosen") view=pages::recover::RecoverChosenPage ssr=SsrMode::Async/>
                    <Route path=path!("/recover/:token") view=pages::recover::RecoverChoosePage ssr=SsrMode::Async/>
                    <Route path=path!("/login/sam") view=pages::sam_login::SamLoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/users") view=pages::users::UsersPage ssr=SsrMode::Async/>
                    <Route path=path!("/users/:name") view=pages::users::user::UserPage ssr=SsrMode::Async/>
                    <Route path=path!("/roles") view=pages::roles::RolesPage ssr=SsrMode::Async/>
                    <Route path=path!("/roles/:id") view=pages::roles::role::RolePage ssr=SsrMode::Async/>
                    <Route path=path!("/login/mfa") view=pages::mfa_challenge::MfaChallengePage ssr=SsrMode::Async/>
                    <Route path=path!("/security") view=pages::security::SecurityIndex ssr=SsrMode::Async/>
                    <Route path=path!("/security/password") view=pages::security::password::PasswordTab ssr=SsrMode::Async/>
                    <Route path=path!("/security/mfa") view=pages::security::mfa::MfaTab ssr=SsrMode::Async/>
                    <Route path=path!("/security/mfa/codes") view=pages::security::codes::RecoveryCodesPage ssr=SsrMode::Async/>
                    <Route path=path!("/security/auth-keys") view=pages::security::auth_keys::AuthKeysTab ssr=SsrMode::Async/>
                    <Route path=path!("/security/sessions") view=pages::security::sessions::SessionsTab ssr=SsrMode::Async/>
                    <Route path=path!("/security/activity") view=pages::security::activity::ActivityTab ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}
