//! The heading and tab bar of Users & roles: users, and roles when the
//! caller may list them.

use crate::i18n::{Msg, use_lang};
use leptos::prelude::*;

/// A tab of Users & roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccessTab {
    Users,
    Roles,
}

/// The heading and tabs, with `active` marked; `roles` shows the roles tab.
#[component]
pub fn AccessTabs(active: AccessTab, #[prop(default = true)] roles: bool) -> impl IntoView {
    let i = use_lang();
    let tab = move |t: AccessTab, href: &'static str, label: Msg| {
        view! { <a href=href class="tab" aria-current=(t == active).then_some("page")>{i.t(label)}</a> }
    };
    view! {
        <h1>{i.t(Msg::AccessTitle)}</h1>
        <nav class="tabs" aria-label=i.t(Msg::AccessTitle)>
            {tab(AccessTab::Users, "/users", Msg::UsersTitle)}
            {roles.then(|| tab(AccessTab::Roles, "/roles", Msg::RolesTitle))}
        </nav>
    }
}
