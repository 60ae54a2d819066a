//! The security page's tabs; each tab is its own URL.

use crate::i18n::{Msg, use_lang};
use leptos::prelude::*;

/// A tab of the security page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecurityTab {
    Password,
    Mfa,
    AuthKeys,
    Sessions,
    Activity,
}

impl SecurityTab {
    const ALL: [SecurityTab; 5] =
        [SecurityTab::Password, SecurityTab::Mfa, SecurityTab::AuthKeys, SecurityTab::Sessions, SecurityTab::Activity];

    fn href(self) -> &'static str {
        match self {
            SecurityTab::Password => crate::paths::SECURITY_PASSWORD,
            SecurityTab::Mfa => crate::paths::SECURITY_MFA,
            SecurityTab::AuthKeys => crate::paths::SECURITY_AUTH_KEYS,
            SecurityTab::Sessions => crate::paths::SECURITY_SESSIONS,
            SecurityTab::Activity => crate::paths::SECURITY_ACTIVITY,
        }
    }

    fn label(self) -> Msg {
        match self {
            SecurityTab::Password => Msg::TabPassword,
            SecurityTab::Mfa => Msg::TabMfa,
            SecurityTab::AuthKeys => Msg::AuthKeysTitle,
            SecurityTab::Sessions => Msg::TabSessions,
            SecurityTab::Activity => Msg::TabActivity,
        }
    }
}

/// The heading and tab bar of the security page, with `active` marked.
#[component]
pub fn SecurityTabs(active: SecurityTab) -> impl IntoView {
    let i = use_lang();
    view! {
        <h1>{i.t(Msg::SecurityTitle)}</h1>
        <nav class="tabs" aria-label=i.t(Msg::SecurityTitle)>
            {SecurityTab::ALL
                .into_iter()
                .map(|tab| {
                    view! {
                        <a href=tab.href() class="tab" aria-current=(tab == active).then_some("page")>
                            {i.t(tab.label())}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}
