//! The activity tab: the user's security events, newest first, paged.

use crate::components::local_time::LocalTime;
use crate::components::signed_in::LoadError;
use crate::components::tabs::{SecurityTab, SecurityTabs};
use crate::i18n::{Msg, use_lang};
use crate::server_fns::security::activity;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/security/activity?page=N`.
#[component]
pub fn ActivityTab() -> impl IntoView {
    let i = use_lang();
    let query = use_query_map();
    let page = move || query.read().get("page").and_then(|p| p.parse::<u64>().ok()).unwrap_or(0);
    let events = Resource::new_blocking(page, activity);
    view! {
        <Title text=i.t(Msg::ActivityTitle)/>
        <section class="card">
            <SecurityTabs active=SecurityTab::Activity/>
            <h2>{i.t(Msg::ActivityTitle)}</h2>
            <Suspense fallback=move || view! { <p>{i.t(Msg::Loading)}</p> }>
                {move || events.get().map(|r| match r {
                    Ok(p) if p.events.is_empty() && p.page == 0 => view! { <p>{i.t(Msg::ActivityNone)}</p> }.into_any(),
                    Ok(p) => view! {
                        <table class="list" data-testid="activity">
                            <thead><tr>
                                <th scope="col">{i.t(Msg::ActivityWhen)}</th>
                                {p.operator_wide.then(|| view! { <th scope="col">{i.t(Msg::ActivityWho)}</th> })}
                                <th scope="col">{i.t(Msg::ActivityWhat)}</th>
                                <th scope="col">{i.t(Msg::ActivityAddress)}</th>
                            </tr></thead>
                            <tbody>
                                {p.events.into_iter().map(|e| {
                                    let mut label = Msg::from_key(&format!("event.{}", e.kind))
                                        .map(|m| i.get().text(m).to_string())
                                        .unwrap_or(e.kind.clone());
                                    if let Some(t) = &e.target {
                                        label = format!("{label} ({t})");
                                    }
                                    view! {
                                        <tr data-kind=e.kind>
                                            <td><LocalTime when=e.at/></td>
                                            {p.operator_wide.then(|| view! { <td>{e.who.clone().unwrap_or_default()}</td> })}
                                            <td>{label}</td>
                                            <td>{e.client_addr.unwrap_or_default()}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        <nav class="pager">
                            {(p.page > 0).then(|| view! {
                                <a href=format!("{}?page={}", crate::paths::SECURITY_ACTIVITY, p.page - 1)>{i.t(Msg::ActivityNewer)}</a>
                            })}
                            {p.has_older.then(|| view! {
                                <a href=format!("{}?page={}", crate::paths::SECURITY_ACTIVITY, p.page + 1)>{i.t(Msg::ActivityOlder)}</a>
                            })}
                        </nav>
                    }.into_any(),
                    Err(e) => view! { <LoadError error=e/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
