//! The table: every operation a signed-in caller can ask, as `/v1` sends
//! it and as the console posts it (where both exist, the same intention:
//! the same target, the same text, the same proof given).
//!
//! Placeholders: `{op}` the operator id, `{user}` the target SAM user,
//! `{own}` the caller's own resource (`/operators/{op}` for the root user,
//! `…/users/{me}` for a SAM user), `{key}` a key of the target, `{ownkey}`
//! a key of the caller, `{pw}` the caller's password, `{new}` a valid new
//! password, `{doc}` a valid permission document.

use super::{Arrange, Guard, Row, Scope};
use axum::http::Method;

const GET: Method = Method::GET;
const POST: Method = Method::POST;
const PUT: Method = Method::PUT;
const DELETE: Method = Method::DELETE;

/// A row asked of both adapters.
const fn both(
    ops: &'static [&'static str],
    api: (Method, &'static str, &'static str),
    console: (&'static str, &'static [(&'static str, &'static str)]),
    scope: Scope,
) -> Row {
    Row { ops, api: Some(api), console: Some(console), scope, guard: Guard::No, arrange: Arrange::Nothing }
}

/// A row only `/v1` has.
const fn api(op: &'static [&'static str], call: (Method, &'static str, &'static str), scope: Scope) -> Row {
    Row { ops: op, api: Some(call), console: None, scope, guard: Guard::No, arrange: Arrange::Nothing }
}

/// A row only the console has (a signed-in page's server function).
const fn console(endpoint: &'static str, fields: &'static [(&'static str, &'static str)]) -> Row {
    Row {
        ops: &[],
        api: None,
        console: Some((endpoint, fields)),
        scope: Scope::Own,
        guard: Guard::No,
        arrange: Arrange::Nothing,
    }
}

impl Row {
    const fn guard(mut self, guard: Guard) -> Row {
        self.guard = guard;
        self
    }

    const fn arranged(mut self, arrange: Arrange) -> Row {
        self.arrange = arrange;
        self
    }
}

/// Every row. A `/v1` operation or a console server function without one
/// fails `every_operation_has_a_row`.
pub fn rows() -> Vec<Row> {
    use Scope::{Operator, Own, User};
    vec![
        // The caller's own account: password, MFA, auth keys, sign-out.
        both(
            &["updateOperatorPassword"],
            (POST, "/operators/{op}/password", r#"{"currentPassword":"{pw}","newPassword":"{new}"}"#),
            ("change_password", &[("current", "{pw}"), ("password", "{new}"), ("confirm", "{new}")]),
            Own,
        )
        .guard(Guard::Password),
        both(&["getMFAStatus", "getUserMFAStatus"], (GET, "{own}/mfa", ""), ("mfa_status", &[]), Own),
        both(&["enableMFA", "enableUserMFA"], (POST, "{own}/mfa", ""), ("begin_mfa", &[]), Own).guard(Guard::MfaOn),
        both(
            &["verifyMFA", "verifyUserMFA"],
            (POST, "{own}/mfa/verify", r#"{"mfaOTPCode":"000000"}"#),
            ("confirm_mfa", &[("code", "000000")]),
            Own,
        ),
        both(
            &["revokeMFA", "revokeUserMFA"],
            (DELETE, "{own}/mfa", r#"{"password":"{pw}"}"#),
            ("disable_mfa", &[("current", "{pw}")]),
            Own,
        )
        .guard(Guard::MfaOff)
        .arranged(Arrange::OwnMfa),
        both(&["listOperatorAuthKeys", "listUserAuthKeys"], (GET, "{own}/auth_keys", ""), ("auth_keys", &[]), Own),
        both(
            &["generateOperatorAuthKey", "generateUserAuthKey"],
            (POST, "{own}/auth_keys", ""),
            ("generate_auth_key", &[]),
            Own,
        )
        .guard(Guard::Key),
        both(
            &["deleteOperatorAuthKey", "deleteUserAuthKey"],
            (DELETE, "{own}/auth_keys/{ownkey}", ""),
            ("delete_auth_key", &[("key_id", "{ownkey}")]),
            Own,
        ),
        both(&["logout"], (POST, "/auth/logout", ""), ("sign_out", &[]), Own),
        api(&["getOperator"], (GET, "/operators/{op}", ""), Operator),
        api(&["generateAuthToken"], (POST, "/operators/{op}/token", "{}"), Operator),
        api(&["revokeOperatorAuthTokens"], (DELETE, "/operators/{op}/tokens", ""), Operator),
        api(&["switchUser"], (POST, "/auth/switch_user", r#"{"operatorId":"{op}","userName":"{user}"}"#), User),
        // The operator's email addresses (the root user's alone).
        both(&["listEmails"], (GET, "/operators/{op}/emails", ""), ("email_settings", &[]), Operator),
        api(&["getEmail"], (GET, "/operators/{op}/emails/primary", ""), Operator),
        api(&["deleteEmail"], (DELETE, "/operators/{op}/emails/recovery", ""), Operator),
        api(
            &["issueAddEmailToken"],
            (POST, "/operators/add_email_token/issue", r#"{"email":"more@example.com","password":"{pw}"}"#),
            Operator,
        ),
        // Roles.
        both(&["listRoles"], (GET, "/operators/{op}/roles", ""), ("list_roles", &[]), Operator),
        both(&["getRole"], (GET, "/operators/{op}/roles/role1", ""), ("role_detail", &[("id", "role1")]), Operator),
        both(
            &["createRole"],
            (POST, "/operators/{op}/roles/role2", r#"{"description":"","permission":"{doc}"}"#),
            ("create_role", &[("id", "role2"), ("description", ""), ("permission", "{doc}")]),
            Operator,
        ),
        both(
            &["updateRole"],
            (PUT, "/operators/{op}/roles/role1", r#"{"description":"d","permission":"{doc}"}"#),
            ("update_role", &[("id", "role1"), ("description", "d"), ("permission", "{doc}")]),
            Operator,
        ),
        both(
            &["deleteRole"],
            (DELETE, "/operators/{op}/roles/role1", ""),
            ("delete_role", &[("id", "role1"), ("confirm", "role1")]),
            Operator,
        ),
        api(&["listRoleAttachedUsers"], (GET, "/operators/{op}/roles/role1/users", ""), Operator),
        // SAM users.
        both(&["listUsers"], (GET, "/operators/{op}/users", ""), ("list_users", &[("q", ""), ("page", "0")]), Operator),
        both(&["getUser"], (GET, "/operators/{op}/users/{user}", ""), ("user_detail", &[("name", "{user}")]), User),
        both(
            &["createUser"],
            (POST, "/operators/{op}/users/newbie", r#"{"description":""}"#),
            ("create_user", &[("name", "newbie"), ("description", "")]),
            Operator,
        ),
        both(
            &["updateUser"],
            (PUT, "/operators/{op}/users/{user}", r#"{"description":"d"}"#),
            ("update_user", &[("name", "{user}"), ("description", "d")]),
            User,
        ),
        both(
            &["deleteUser"],
            (DELETE, "/operators/{op}/users/{user}", ""),
            ("delete_user", &[("name", "{user}")]),
            User,
        ),
        both(
            &["listUserAuthKeys"],
            (GET, "/operators/{op}/users/{user}/auth_keys", ""),
            ("auth_keys", &[("user", "{user}")]),
            User,
        ),
        both(
            &["generateUserAuthKey"],
            (POST, "/operators/{op}/users/{user}/auth_keys", ""),
            ("generate_auth_key", &[("user", "{user}")]),
            User,
        )
        .guard(Guard::Key),
        both(
            &["deleteUserAuthKey"],
            (DELETE, "/operators/{op}/users/{user}/auth_keys/{key}", ""),
            ("delete_auth_key", &[("user", "{user}"), ("key_id", "{key}")]),
            User,
        ),
        api(&["getUserAuthKey"], (GET, "/operators/{op}/users/{user}/auth_keys/{key}", ""), User),
        api(&["getUserMFAStatus"], (GET, "/operators/{op}/users/{user}/mfa", ""), User),
        api(&["enableUserMFA"], (POST, "/operators/{op}/users/{user}/mfa", ""), User).guard(Guard::MfaOn),
        api(&["verifyUserMFA"], (POST, "/operators/{op}/users/{user}/mfa/verify", r#"{"mfaOTPCode":"000000"}"#), User),
        both(
            &["revokeUserMFA"],
            (DELETE, "/operators/{op}/users/{user}/mfa", ""),
            ("revoke_user_mfa", &[("name", "{user}")]),
            User,
        )
        .guard(Guard::MfaOff)
        .arranged(Arrange::TargetMfa),
        api(&["hasUserPassword"], (GET, "/operators/{op}/users/{user}/password", ""), User),
        both(
            &["createUserPassword"],
            (POST, "/operators/{op}/users/{user}/password", r#"{"password":"{new}"}"#),
            ("set_user_password", &[("name", "{user}"), ("password", "{new}"), ("confirm", "{new}")]),
            User,
        )
        .guard(Guard::Password),
        both(
            &["updateUserPassword"],
            (PUT, "/operators/{op}/users/{user}/password", r#"{"currentPassword":"","newPassword":"{new}"}"#),
            ("set_user_password", &[("name", "{user}"), ("password", "{new}"), ("confirm", "{new}")]),
            User,
        )
        .guard(Guard::Password),
        api(
            &["updateUserPassword"],
            (PUT, "/operators/{op}/users/{user}/password", r#"{"currentPassword":"{pw}","newPassword":"{new}"}"#),
            User,
        )
        .guard(Guard::Password),
        both(
            &["deleteUserPassword"],
            (DELETE, "/operators/{op}/users/{user}/password", ""),
            ("remove_user_password", &[("name", "{user}")]),
            User,
        ),
        api(&["getUserPermission"], (GET, "/operators/{op}/users/{user}/permission", ""), User),
        both(
            &["updateUserPermission"],
            (PUT, "/operators/{op}/users/{user}/permission", r#"{"permission":"{doc}"}"#),
            ("update_user_permission", &[("name", "{user}"), ("permission", "{doc}")]),
            User,
        ),
        both(
            &["updateUserPermission", "deleteUserPermission"],
            (PUT, "/operators/{op}/users/{user}/permission", r#"{"permission":""}"#),
            ("update_user_permission", &[("name", "{user}"), ("permission", "")]),
            User,
        ),
        api(&["deleteUserPermission"], (DELETE, "/operators/{op}/users/{user}/permission", ""), User),
        api(&["listUserRoles"], (GET, "/operators/{op}/users/{user}/roles", ""), User),
        both(
            &["attachRole"],
            (POST, "/operators/{op}/users/{user}/roles", r#"{"roleId":"role1"}"#),
            ("attach_role", &[("name", "{user}"), ("role_id", "role1")]),
            User,
        ),
        both(
            &["detachRole"],
            (DELETE, "/operators/{op}/users/{user}/roles/role1", ""),
            ("detach_role", &[("name", "{user}"), ("role_id", "role1")]),
            User,
        ),
        api(&["revokeUserAuthTokens"], (DELETE, "/operators/{op}/users/{user}/tokens", ""), User),
        api(&["getUserTrustPolicy"], (GET, "/operators/{op}/users/{user}/trust_policy", ""), User),
        api(
            &["updateUserTrustPolicy"],
            (PUT, "/operators/{op}/users/{user}/trust_policy", r#"{"trustPolicy":"{trust}"}"#),
            User,
        ),
        api(&["deleteUserTrustPolicy"], (DELETE, "/operators/{op}/users/{user}/trust_policy", ""), User),
        // Signed-in pages the API has no twin of.
        console("whoami", &[]),
        console("dashboard", &[]),
        console("change_email", &[("email", "new@example.com"), ("current", "{pw}")]),
        console("cancel_email_change", &[]),
        console("set_recovery_email", &[("email", "spare@example.com"), ("current", "{pw}")]),
        console("remove_recovery_email", &[("current", "{pw}")]),
        console("regenerate_recovery_codes", &[("current", "{pw}")]),
        console("new_recovery_codes", &[]),
        console("list_sessions", &[]),
        console("end_session", &[("id", "0000")]),
        console("end_other_sessions", &[]),
        console("activity", &[("page", "0")]),
    ]
}

/// What a caller needs no session for: signing in and up, mailed links,
/// and the few answers a signed-out page reads. They act for nobody, so
/// there is no caller to compare.
pub const SIGNED_OUT_API: &[&str] = &[
    "auth",
    "issuePasswordResetToken",
    "verifyPasswordResetToken",
    "issueMFARevokingToken",
    "verifyMFARevokingToken",
    "verifyAddEmailToken",
];

/// The console's server functions of signed-out pages.
pub const SIGNED_OUT_CONSOLE: &[&str] = &[
    "sign_up",
    "resend_verification",
    "sign_in",
    "sign_in_sam",
    "sign_in_mfa",
    "forgot_password",
    "check_reset_token",
    "reset_password",
    "mail_sender",
    "start_recovery",
    "check_recover_token",
    "recover_choose_primary",
    "open_mailed_link",
    "sent_address",
    "set_language",
];
