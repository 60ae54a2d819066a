//! The proof a change to one's own credentials needs beyond a permission,
//! decided from the change and from how the acting session was opened.
//! One table for the console and `/v1` alike:
//!
//! | change                        | console          | password token    | auth-key token | switched token |
//! |-------------------------------|------------------|-------------------|----------------|----------------|
//! | own password                  | current password | current password  | refused        | refused        |
//! | own MFA on                    | recent sign-in   | recent sign-in    | refused        | refused        |
//! | own MFA off                   | password + code  | password + code\* | refused        | refused        |
//! | a root key (root itself)      | recent sign-in   | recent sign-in    | refused        | refused        |
//! | a SAM user's key, by itself   | recent sign-in   | recent sign-in    | nothing more   | refused        |
//! | another SAM user's key        | recent sign-in   | recent sign-in    | refused        | refused        |
//!
//! "Recent sign-in" is the password entered in this session within the
//! re-authentication window, or the password (and a code when MFA is on)
//! given with the change, which renews the session. \*A `/v1` request
//! carries no code (the platform's `revokeMFA` takes only the password):
//! there the token must have been opened with the password — and the code,
//! MFA being on — within the window. A token of an auth key never entered a
//! password, and a switched token acts for a user that trusted the caller
//! to act, not to own it: neither ever changes who can sign in, and neither
//! mints a credential that would outlive it. A SAM user's own key may still
//! rotate its keys where its documents allow it, as automation expects.
//! Another user's password or MFA, changed by who may, needs no proof.

pub use crate::account::identity::Opened;

/// A change that needs more than a permission.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Guarded {
    /// Replacing one's own password.
    OwnPassword,
    /// Setting up one's own authenticator.
    OwnMfaOn,
    /// Turning one's own MFA off.
    OwnMfaOff,
    /// Making an auth key of one's own: the root user's (`root`) or a SAM user's.
    OwnKey { root: bool },
    /// Making an auth key for another SAM user.
    OthersKey,
}

/// What the change needs besides the permission.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Needs {
    /// Nothing more.
    Nothing,
    /// The current password, given with the change.
    CurrentPassword,
    /// A recent sign-in, or the password (and a code with MFA on) now.
    RecentSignIn,
    /// The password and a code now; for a token, the password and a
    /// sign-in with it (and the code) within the window.
    PasswordAndCode,
    /// Never from a session opened this way.
    Refused,
}

/// The proof `change` needs from a session opened as `opened`.
pub fn needs(change: Guarded, opened: Opened) -> Needs {
    use Guarded::*;
    use Opened::*;
    match (change, opened) {
        (OwnKey { root: false }, AuthKeyToken) => Needs::Nothing,
        (_, AuthKeyToken | SwitchedToken) => Needs::Refused,
        (OwnPassword, _) => Needs::CurrentPassword,
        (OwnMfaOff, _) => Needs::PasswordAndCode,
        (OwnMfaOn | OwnKey { .. } | OthersKey, _) => Needs::RecentSignIn,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_of_an_auth_key_or_a_switch_never_changes_who_can_sign_in() {
        for opened in [Opened::AuthKeyToken, Opened::SwitchedToken] {
            for change in [Guarded::OwnPassword, Guarded::OwnMfaOn, Guarded::OwnMfaOff] {
                assert_eq!(needs(change, opened), Needs::Refused, "{change:?} from {opened:?}");
            }
        }
    }

    #[test]
    fn root_keys_and_other_users_keys_need_a_person_who_signed_in() {
        for change in [Guarded::OwnKey { root: true }, Guarded::OthersKey] {
            assert_eq!(needs(change, Opened::Console), Needs::RecentSignIn);
            assert_eq!(needs(change, Opened::PasswordToken), Needs::RecentSignIn);
            assert_eq!(needs(change, Opened::AuthKeyToken), Needs::Refused);
            assert_eq!(needs(change, Opened::SwitchedToken), Needs::Refused);
        }
    }

    #[test]
    fn a_sam_users_own_key_rotates_its_keys_but_a_switched_token_does_not() {
        let own = Guarded::OwnKey { root: false };
        assert_eq!(needs(own, Opened::AuthKeyToken), Needs::Nothing);
        assert_eq!(needs(own, Opened::SwitchedToken), Needs::Refused);
        assert_eq!(needs(own, Opened::Console), Needs::RecentSignIn);
    }

    #[test]
    fn ones_own_password_needs_the_current_one_and_mfa_off_the_password_and_a_code() {
        for opened in [Opened::Console, Opened::PasswordToken] {
            assert_eq!(needs(Guarded::OwnPassword, opened), Needs::CurrentPassword);
            assert_eq!(needs(Guarded::OwnMfaOff, opened), Needs::PasswordAndCode);
            assert_eq!(needs(Guarded::OwnMfaOn, opened), Needs::RecentSignIn);
        }
    }
}
