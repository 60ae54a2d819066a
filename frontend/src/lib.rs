//! The WASM entry: hydrates the console's islands (its forms, local times
//! and copy button); everything else stays the server's HTML.

// The islands' hydration functions live in `app`; keep it linked.
pub use app::pages;

/// Called by the island loader (`app/src/components/island_loader.js`)
/// once the main WASM module is instantiated; the loader then hydrates each
/// `<leptos-island>` of the page, fetching its code, and marks the body
/// `data-hydrated` when all are done.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
