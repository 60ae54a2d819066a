//! The verdict on one operation, pure: given who asks, the documents that
//! speak for it, the time and the target, whether it may. `Account::authorize`
//! and `Account::allowed` read the documents and ask here; nothing else decides.
//!
//! - The root user may do everything.
//! - A SAM user may never do what [`Action::root_only`] names.
//! - Otherwise its documents decide: a matching deny refuses, a matching
//!   allow allows, and silence refuses, except that a user may do the
//!   [`Action::self_service`] operations to itself.

use super::condition::Context;
use super::policy::{self, Decision, PermissionDocument};
use super::{Action, Target};
use std::borrow::Borrow;
use std::net::IpAddr;

/// Who asks, as far as the verdict cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Asker<'a> {
    pub root: bool,
    /// The SAM user's name (none for the root user).
    pub sam_name: Option<&'a str>,
    pub operator_id: &'a str,
    /// The client's address, for `ipAddress()` conditions.
    pub client: Option<IpAddr>,
}

impl<'a> Asker<'a> {
    /// The asker of a caller.
    pub fn of(caller: &'a super::Caller) -> Self {
        let p = &caller.principal;
        Asker {
            root: p.is_root(),
            sam_name: p.sam_name(),
            operator_id: p.operator_id(),
            client: caller.client.addr.as_deref().and_then(|a| a.parse().ok()),
        }
    }
}

/// Whether `asker` may do `action` on `target` at `now`, its documents
/// (its own and its roles') being `documents`.
pub fn verdict<D: Borrow<PermissionDocument>>(
    asker: Asker,
    documents: &[D],
    action: Action,
    target: Target,
    now: i64,
) -> bool {
    if asker.root {
        return true;
    }
    if action.root_only() {
        return false;
    }
    let mut path: Vec<(&str, &str)> = vec![("operator_id", asker.operator_id)];
    path.extend(target.user_name.map(|n| ("user_name", n)));
    path.extend(target.role_id.map(|r| ("role_id", r)));
    let ctx = Context {
        now,
        client: asker.client,
        sam_user_name: asker.sam_name,
        operator_id: asker.operator_id,
        path: &path,
    };
    match policy::decide(documents, action.name(), &ctx) {
        Decision::Allowed => true,
        Decision::Denied => false,
        Decision::Silent => action.self_service() && target.user_name.is_some() && target.user_name == asker.sam_name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAM: Asker = Asker { root: false, sam_name: Some("ops"), operator_id: "OP0000000001", client: None };
    const ROOT: Asker = Asker { root: true, sam_name: None, operator_id: "OP0000000001", client: None };

    fn doc(text: &str) -> PermissionDocument {
        PermissionDocument::parse(text).unwrap()
    }

    #[test]
    fn the_root_user_may_do_everything_without_a_document() {
        for action in Action::ALL {
            assert!(verdict::<PermissionDocument>(ROOT, &[], *action, Target::OPERATOR, 0), "{action:?}");
        }
    }

    #[test]
    fn no_document_opens_a_root_only_operation_to_a_sam_user() {
        let all = [doc(r#"{"statements":[{"effect":"allow","api":"*"}]}"#)];
        for action in Action::ALL.iter().filter(|a| a.root_only()) {
            assert!(!verdict(SAM, &all, *action, Target::OPERATOR, 0), "{action:?}");
        }
        assert!(verdict(SAM, &all, Action::ListUsers, Target::OPERATOR, 0));
    }

    #[test]
    fn self_service_is_allowed_on_oneself_unless_denied() {
        let none: [PermissionDocument; 0] = [];
        assert!(verdict(SAM, &none, Action::GetUser, Target::user("ops"), 0));
        assert!(!verdict(SAM, &none, Action::GetUser, Target::user("other"), 0));
        let deny = [doc(r#"{"statements":[{"effect":"deny","api":"User:getUser"}]}"#)];
        assert!(!verdict(SAM, &deny, Action::GetUser, Target::user("ops"), 0));
    }

    #[test]
    fn a_deny_in_any_document_beats_an_allow_in_another() {
        let docs = [
            doc(r#"{"statements":[{"effect":"allow","api":"User:*"}]}"#),
            doc(r#"{"statements":[{"effect":"deny","api":"User:deleteUser"}]}"#),
        ];
        assert!(verdict(SAM, &docs, Action::ListUsers, Target::OPERATOR, 0));
        assert!(!verdict(SAM, &docs, Action::DeleteUser, Target::user("x"), 0));
    }
}
