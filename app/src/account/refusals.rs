//! Refused requests leave a trace without flooding anything: a denied
//! authorization or a path naming another operator is recorded in the
//! caller's activity once a minute for the same operation and target, and
//! an invalid API token is logged (address only) once a minute per client.
//! The window lives in memory: each instance writes at most one record per
//! key and minute.

use super::events::EventKind;
use super::{Account, Caller, ClientInfo};
use std::collections::HashSet;
use std::sync::Mutex;

/// What was already recorded in the current minute.
#[derive(Debug, Default)]
pub(crate) struct RefusalWindow(Mutex<(i64, HashSet<String>)>);

impl RefusalWindow {
    /// Whether `key` is new in the minute of `now` (and notes it).
    fn first_in_minute(&self, now: i64, key: String) -> bool {
        let minute = now.div_euclid(60);
        let mut w = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if w.0 != minute {
            *w = (minute, HashSet::new());
        }
        w.1.insert(key)
    }
}

impl Account {
    /// Records `kind` on `what` in the caller's activity, after the answer,
    /// unless the same was recorded this minute.
    pub(crate) fn note_refusal(&self, caller: &Caller, kind: EventKind, what: String) {
        let p = &caller.principal;
        let key = format!("{}:{}:{what}", p.user_id, kind.as_str());
        if !self.inner.refusals.first_in_minute(self.now(), key) {
            return;
        }
        let (account, user_id, operator_id, client) =
            (self.clone(), p.user_id, p.operator_id().to_string(), caller.client.clone());
        self.after_answer(async move {
            let recorded = account.record_on(Some(user_id), Some(&operator_id), kind, Some(&what), &client).await;
            if recorded.is_err() {
                tracing::warn!("a refused request could not be recorded");
            }
        });
    }

    /// Logs a refused API token with the client's address (never the token).
    pub(crate) fn note_invalid_token(&self, client: &ClientInfo) {
        let addr = client.addr.as_deref().unwrap_or("unknown");
        if self.inner.refusals.first_in_minute(self.now(), format!("token:{}", super::lock::client_bucket(addr))) {
            tracing::info!(client = addr, "an invalid API token was refused");
        }
    }
}
