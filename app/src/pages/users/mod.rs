//! `/users`: the operator's SAM users (filter by name, 50 per page) and,
//! when the caller may, the form that creates one.

pub mod user;

use crate::components::access_tabs::{AccessTab, AccessTabs};
use crate::components::field::TextField;
use crate::components::notice::{FormError, Notice, action_error, field_error};
use crate::components::signed_in::LoadError;
use crate::error::Field;
use crate::i18n::{Msg, use_lang};
use crate::server_fns::users::{CreateUser, UserList, list_users};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The list of users.
#[component]
pub fn UsersPage() -> impl IntoView {
    let i = use_lang();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let page = move || query.read().get("page").and_then(|p| p.parse::<u64>().ok()).unwrap_or(0);
    let data = Resource::new_blocking(move || (q(), page()), |(q, page)| list_users(q, page));
    let deleted = query.read_untracked().get("deleted").is_some();
    view! {
        <Title text=i.t(Msg::UsersTitle)/>
        <section class="card">
            <Suspense fallback=move || view! { <p>{i.t(Msg::Loading)}</p> }>
                {move || data.get().map(|r| match r {
                    Ok(list) => view! {
                        <AccessTabs active=AccessTab::Users roles=list.can_list_roles/>
                        <Show when=move || deleted><Notice>{i.t(Msg::UsersDeleted)}</Notice></Show>
                        <UserTable list=list.clone() q=q()/>
                        {list.can_create.then(|| view! { <CreateUserForm/> })}
                    }.into_any(),
                    Err(e) => view! { <h1>{i.t(Msg::UsersTitle)}</h1><LoadError error=e/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// The filter, the table and the paging links.
#[component]
fn UserTable(list: UserList, q: String) -> impl IntoView {
    let i = use_lang();
    let page_link = {
        let q = q.clone();
        move |page: u64| format!("/users?q={}&page={page}", crate::query::encode(&q))
    };
    let yes_no = move |b: bool| if b { i.t(Msg::DashboardOn) } else { i.t(Msg::DashboardOff) };
    view! {
        <form method="get" action="/users" class="filter" role="search">
            <label for="f-q">{i.t(Msg::UsersFilter)}</label>
            <input id="f-q" name="q" type="search" value=q.clone()/>
            <button type="submit">{i.t(Msg::UsersFilterSubmit)}</button>
        </form>
        {if list.users.is_empty() {
            view! { <p data-testid="no-users">{i.t(Msg::UsersNone)}</p> }.into_any()
        } else {
            view! {
                <table class="list" data-testid="user-list">
                    <thead><tr>
                        <th scope="col">{i.t(Msg::UsersName)}</th>
                        <th scope="col">{i.t(Msg::UsersDescription)}</th>
                        <th scope="col">{i.t(Msg::UsersConsoleAccess)}</th>
                        <th scope="col">{i.t(Msg::TabMfa)}</th>
                    </tr></thead>
                    <tbody>
                        {list.users.into_iter().map(|u| view! {
                            <tr data-user=u.name.clone()>
                                <td><a href=format!("/users/{}", crate::query::encode(&u.name))>{u.name.clone()}</a></td>
                                <td>{u.description}</td>
                                <td>{yes_no(u.has_password)}</td>
                                <td>{yes_no(u.mfa_enabled)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <p class="pager">
            {(list.page > 0).then(|| view! { <a rel="prev" href=page_link(list.page - 1)>{i.t(Msg::PagingNewer)}</a> })}
            {list.more.then(|| view! { <a rel="next" href=page_link(list.page + 1)>{i.t(Msg::PagingMore)}</a> })}
        </p>
    }
}

/// Name and description of a new user (an island: errors in place once hydrated).
#[island(lazy)]
fn CreateUserForm() -> impl IntoView {
    let i = use_lang();
    let create = ServerAction::<CreateUser>::new();
    let err = action_error(create);
    view! {
        <h2>{i.t(Msg::UsersCreate)}</h2>
        <FormError err=err/>
        <ActionForm action=create attr:novalidate=true attr:class="form" attr:id="create-user-form">
            <TextField name="name" label=Msg::UsersName hint=Msg::UsersNameHint error=field_error(err, Field::Name)/>
            <TextField name="description" label=Msg::UsersDescription optional=true
                error=field_error(err, Field::Description)/>
            <button type="submit" class="primary" disabled=move || create.pending().get()>{i.t(Msg::UsersCreateSubmit)}</button>
        </ActionForm>
    }
}
