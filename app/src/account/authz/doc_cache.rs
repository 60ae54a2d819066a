//! Parsed permission documents, kept by their text (security review 2 N9).
//! Every authorization of a SAM user reads its own document and its roles'
//! afresh (a change applies at the next request); parsing them again each
//! time is what costs, so a document is parsed once per text. The key is
//! the whole text, not (row, updated_at): two saves within one second share
//! an `updated_at`, and a cache that served the older one would let a
//! revoked right live on.

use super::policy::PermissionDocument;
use crate::error::PolicyError;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// How many bytes of document text the cache holds at most: past it, it
/// starts afresh (a simple bound; the working set of one instance is its
/// operators' documents, usually far below it).
const MAX_CACHED_BYTES: usize = 8 * 1024 * 1024;

/// The cache (one per `Account`).
#[derive(Default)]
pub(crate) struct DocumentCache {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    parsed: HashMap<Arc<str>, Arc<PermissionDocument>>,
    bytes: usize,
    /// Texts parsed so far (what the tests watch).
    parses: u64,
}

impl std::fmt::Debug for DocumentCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = self.lock();
        f.debug_struct("DocumentCache").field("documents", &state.parsed.len()).field("bytes", &state.bytes).finish()
    }
}

impl DocumentCache {
    /// The parsed document of `text`, parsed now only if no earlier call
    /// parsed the same text.
    pub(crate) fn get(&self, text: &str) -> Result<Arc<PermissionDocument>, PolicyError> {
        if let Some(doc) = self.lock().parsed.get(text) {
            return Ok(doc.clone());
        }
        // Parsed outside the lock: other callers are not held up by it.
        let doc = Arc::new(PermissionDocument::parse(text)?);
        let mut state = self.lock();
        state.parses += 1;
        if state.bytes + text.len() > MAX_CACHED_BYTES {
            state.parsed.clear();
            state.bytes = 0;
        }
        if state.parsed.insert(Arc::from(text), doc.clone()).is_none() {
            state.bytes += text.len();
        }
        Ok(doc)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic elsewhere while holding the lock leaves a valid map.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = r#"{"statements":[{"effect":"allow","api":"User:listUsers"}]}"#;
    const B: &str = r#"{"statements":[{"effect":"deny","api":"User:listUsers"}]}"#;

    #[test]
    fn a_text_is_parsed_once_and_another_text_is_parsed_afresh() {
        let cache = DocumentCache::default();
        let first = cache.get(A).unwrap();
        assert!(Arc::ptr_eq(&first, &cache.get(A).unwrap()));
        assert_eq!(cache.lock().parses, 1);
        assert_eq!(*cache.get(B).unwrap(), PermissionDocument::parse(B).unwrap());
        assert_eq!(cache.lock().parses, 2);
    }

    #[test]
    fn a_text_that_does_not_parse_is_refused_every_time() {
        let cache = DocumentCache::default();
        assert!(cache.get("{").is_err());
        assert!(cache.get("{").is_err());
        assert!(cache.lock().parsed.is_empty());
    }

    #[test]
    fn the_cache_stays_within_its_bound() {
        let cache = DocumentCache::default();
        for n in 0..20_000 {
            let text = format!(r#"{{"statements":[{{"effect":"allow","api":"User:op{n}"}}]}}{}"#, " ".repeat(1000));
            cache.get(&text).unwrap();
        }
        assert!(cache.lock().bytes <= MAX_CACHED_BYTES);
    }
}
