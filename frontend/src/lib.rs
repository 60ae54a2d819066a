//! The WASM entry: hydrates the console's islands (its forms, local times
//! and copy button); everything else stays the server's HTML.

use std::time::Duration;

// The islands' hydration functions live in `app`; keep it linked.
pub use app::pages;

/// Called by Leptos' island loader once the WASM is instantiated; the
/// loader then hydrates each `<leptos-island>` of the page.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // The loader walks the page right after this returns, in microtasks;
    // a zero timeout runs once that walk is done. End-to-end tests wait
    // for this mark before they type.
    leptos::prelude::set_timeout(
        || {
            if let Some(body) = leptos::prelude::document().body() {
                let _ = body.set_attribute("data-hydrated", "true");
            }
        },
        Duration::ZERO,
    );
}
