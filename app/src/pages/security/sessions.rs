//! The sessions tab: active sessions (device, address, sign-in and last
//! seen), the current one marked; end one or all others.

use crate::components::local_time::LocalTime;
use crate::components::notice::{FormError, Notice, action_error};
use crate::components::signed_in::LoadError;
use crate::components::tabs::{SecurityTab, SecurityTabs};
use crate::i18n::{Msg, use_lang};
use crate::server_fns::security::{EndOtherSessions, EndSession, list_sessions};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/security/sessions`.
#[component]
pub fn SessionsTab() -> impl IntoView {
    let i = use_lang();
    let query = use_query_map();
    let end_one = ServerAction::<EndSession>::new();
    let end_others = ServerAction::<EndOtherSessions>::new();
    let err = action_error(end_one);
    // Ending a session is a plain form post: the page reloads with the list.
    let ended = move || query.read().get("ended").is_some() && err.get().is_none();
    view! {
        <Title text=i.t(Msg::SessionsTitle)/>
        <section class="card">
            <SecurityTabs active=SecurityTab::Sessions/>
            <h2>{i.t(Msg::SessionsTitle)}</h2>
            <Show when=ended><Notice>{i.t(Msg::SessionsEnded)}</Notice></Show>
            <FormError err=err/>
            <Suspense fallback=move || view! { <p>{i.t(Msg::Loading)}</p> }>
                {Suspend::new(async move { match list_sessions().await {
                    Ok(list) => view! {
                        <table class="list" data-testid="sessions">
                            <thead><tr>
                                <th scope="col">{i.t(Msg::SessionsDevice)}</th>
                                <th scope="col">{i.t(Msg::SessionsAddress)}</th>
                                <th scope="col">{i.t(Msg::SessionsCreated)}</th>
                                <th scope="col">{i.t(Msg::SessionsLastSeen)}</th>
                                <th scope="col"></th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|s| view! {
                                    <tr class:current=s.current>
                                        <td>{s.device.unwrap_or_else(|| i.get().text(Msg::SessionsUnknown).to_string())}</td>
                                        <td>{s.client_addr.unwrap_or_default()}</td>
                                        <td><LocalTime when=s.created/></td>
                                        <td><LocalTime when=s.last_seen/></td>
                                        <td>{if s.current {
                                            view! { <strong>{i.t(Msg::SessionsCurrent)}</strong> }.into_any()
                                        } else {
                                            view! {
                                                <ActionForm action=end_one attr:class="inline">
                                                    <input type="hidden" name="id" value=s.id/>
                                                    <button type="submit">{i.t(Msg::SessionsEnd)}</button>
                                                </ActionForm>
                                            }.into_any()
                                        }}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <ActionForm action=end_others attr:class="form">
                            <button type="submit">{i.t(Msg::SessionsEndOthers)}</button>
                        </ActionForm>
                    }.into_any(),
                    Err(e) => view! { <LoadError error=e/> }.into_any(),
                }})}
            </Suspense>
        </section>
    }
}
