//! Every operation the access rules know, by the name permission documents
//! use (`Service:operation`, the operation ids of the platform's API). The
//! console, the `/v1` API and the document checker all take their names
//! from this one list.

macro_rules! actions {
    ($($variant:ident => $name:literal),* $(,)?) => {
        /// An operation by the name permission documents use. The
        /// operations a signed-out caller reaches (`Auth:logout`, the MFA
        /// revoking and add-email tokens) are named so documents may
        /// mention them; `authorize` decides on all the others.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Action { $($variant),* }

        impl Action {
            /// Every action, in the order of the API's reference.
            pub const ALL: &'static [Action] = &[$(Action::$variant),*];

            /// The name documents match against, e.g. `User:createUser`.
            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name),* }
            }
        }
    };
}

actions! {
    AuthLogout => "Auth:logout",
    AuthSwitchUser => "Auth:switchUser",
    GetOperator => "Operator:getOperator",
    ListOperatorAuthKeys => "Operator:listOperatorAuthKeys",
    GenerateOperatorAuthKey => "Operator:generateOperatorAuthKey",
    DeleteOperatorAuthKey => "Operator:deleteOperatorAuthKey",
    RevokeMfa => "Operator:revokeMFA",
    GetMfaStatus => "Operator:getMFAStatus",
    EnableMfa => "Operator:enableMFA",
    VerifyMfa => "Operator:verifyMFA",
    UpdateOperatorPassword => "Operator:updateOperatorPassword",
    GenerateAuthToken => "Operator:generateAuthToken",
    RevokeOperatorAuthTokens => "Operator:revokeOperatorAuthTokens",
    IssueMfaRevokingToken => "Operator:issueMFARevokingToken",
    VerifyMfaRevokingToken => "Operator:verifyMFARevokingToken",
    ListEmails => "Email:listEmails",
    GetEmail => "Email:getEmail",
    DeleteEmail => "Email:deleteEmail",
    IssueAddEmailToken => "Email:issueAddEmailToken",
    VerifyAddEmailToken => "Email:verifyAddEmailToken",
    ListRoles => "Role:listRoles",
    GetRole => "Role:getRole",
    CreateRole => "Role:createRole",
    UpdateRole => "Role:updateRole",
    DeleteRole => "Role:deleteRole",
    ListRoleAttachedUsers => "Role:listRoleAttachedUsers",
    ListUserRoles => "Role:listUserRoles",
    AttachRole => "Role:attachRole",
    DetachRole => "Role:detachRole",
    ListUsers => "User:listUsers",
    GetUser => "User:getUser",
    CreateUser => "User:createUser",
    UpdateUser => "User:updateUser",
    DeleteUser => "User:deleteUser",
    ListUserAuthKeys => "User:listUserAuthKeys",
    GetUserAuthKey => "User:getUserAuthKey",
    GenerateUserAuthKey => "User:generateUserAuthKey",
    DeleteUserAuthKey => "User:deleteUserAuthKey",
    GetUserMfaStatus => "User:getUserMFAStatus",
    EnableUserMfa => "User:enableUserMFA",
    VerifyUserMfa => "User:verifyUserMFA",
    RevokeUserMfa => "User:revokeUserMFA",
    HasUserPassword => "User:hasUserPassword",
    CreateUserPassword => "User:createUserPassword",
    UpdateUserPassword => "User:updateUserPassword",
    DeleteUserPassword => "User:deleteUserPassword",
    GetUserPermission => "User:getUserPermission",
    UpdateUserPermission => "User:updateUserPermission",
    DeleteUserPermission => "User:deleteUserPermission",
    RevokeUserAuthTokens => "User:revokeUserAuthTokens",
    GetUserTrustPolicy => "User:getUserTrustPolicy",
    UpdateUserTrustPolicy => "User:updateUserTrustPolicy",
    DeleteUserTrustPolicy => "User:deleteUserTrustPolicy",
}

impl Action {
    /// Whether only the root user may do this, whatever a document allows:
    /// the operator's email addresses, its MFA, its password, its auth keys
    /// and the root user's API tokens.
    pub fn root_only(self) -> bool {
        use Action::*;
        matches!(
            self,
            ListOperatorAuthKeys
                | GenerateOperatorAuthKey
                | DeleteOperatorAuthKey
                | RevokeMfa
                | GetMfaStatus
                | EnableMfa
                | VerifyMfa
                | UpdateOperatorPassword
                | RevokeOperatorAuthTokens
                | IssueMfaRevokingToken
                | VerifyMfaRevokingToken
                | ListEmails
                | GetEmail
                | DeleteEmail
                | IssueAddEmailToken
                | VerifyAddEmailToken
        )
    }

    /// Whether a SAM user may do this to itself without a document allowing
    /// it (a document can still deny it): reading itself, changing its own
    /// password, and managing its own MFA.
    pub fn self_service(self) -> bool {
        use Action::*;
        matches!(self, GetUser | UpdateUserPassword | GetUserMfaStatus | EnableUserMfa | VerifyUserMfa | RevokeUserMfa)
    }

    /// The action of that name, if any.
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_shaped_service_colon_operation() {
        let mut seen = std::collections::HashSet::new();
        for a in Action::ALL {
            assert!(seen.insert(a.name()), "duplicate {}", a.name());
            let (service, op) = a.name().split_once(':').unwrap();
            assert!(["Auth", "Operator", "Email", "Role", "User"].contains(&service), "{}", a.name());
            assert!(op.chars().all(|c| c.is_ascii_alphanumeric()) && op.starts_with(|c: char| c.is_ascii_lowercase()));
            assert_eq!(Action::from_name(a.name()), Some(*a));
        }
    }

    #[test]
    fn every_operation_of_the_reference_api_has_an_action() {
        let spec = include_str!("../../../../docs/api-operations.txt");
        for line in spec.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
            let name = line.trim();
            if name.starts_with("Auth:") && name != "Auth:logout" && name != "Auth:switchUser" {
                continue; // signing in and password-reset tokens need no caller
            }
            assert!(Action::from_name(name).is_some(), "no action for {name}");
        }
    }
}
