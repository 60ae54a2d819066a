//! A time shown in UTC when rendered on the server and in the browser's own
//! time zone once hydrated.

use crate::server_fns::security::When;
use leptos::prelude::*;

/// `<time>` with the UTC text, replaced by local time once hydrated (an
/// island).
#[island(lazy)]
pub fn LocalTime(when: When) -> impl IntoView {
    let text = RwSignal::new(when.utc.clone());
    let unix = when.unix;
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(unix as f64 * 1000.0));
            let local: String = date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED).into();
            text.set(local);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (unix, text);
    });
    view! { <time datetime=when.iso>{move || text.get()}</time> }
}
