//! Work done after the answer has gone: mails whose cost must not show in
//! the time a request takes (the lock notice would otherwise tell a caller
//! that the name they locked belongs to an account).

use super::Account;
use std::future::Future;

impl Account {
    /// Runs `work` on its own task, tracked so that shutdown (and tests)
    /// can wait for it.
    pub(crate) fn after_answer(&self, work: impl Future<Output = ()> + Send + 'static) {
        self.inner.background.spawn(work);
    }

    /// Waits until all work started with `after_answer` so far has finished
    /// (server shutdown, and tests before they read the outbox).
    pub async fn settle_background(&self) {
        let tracker = &self.inner.background;
        tracker.close();
        tracker.wait().await;
        tracker.reopen();
    }
}
