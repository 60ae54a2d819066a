//! The one error type of Gatehouse: every failure a person or a script can
//! meet, each with a stable code (`AUM0002`, …), an HTTP status and a
//! translated message. It is shared by the account logic (which raises it),
//! the server functions (which carry it over the wire) and the pages (which
//! show it), so the console and the API can never disagree on a code.

mod messages;
mod policy;

pub use policy::{ConditionFault, PolicyAt, PolicyError, PolicyFault};

use serde::{Deserialize, Serialize};

/// The form field an error belongs to, so the page can show it next to that field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Field {
    Email,
    Password,
    Confirm,
    Language,
    Token,
    /// The current password (password change, re-authentication).
    Current,
    /// A TOTP or recovery code.
    Code,
    /// A SAM user's name or a role's id.
    Name,
    /// A user's or role's description.
    Description,
    /// A permission document.
    Permission,
    /// The operator id of a SAM sign-in.
    OperatorId,
}

/// A domain error with a stable code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Wrong email/user name or password; one answer for every such failure.
    #[error("AUM0002")]
    InvalidCredentials,
    /// The root user has not opened the verification link yet.
    #[error("AUM0003")]
    EmailNotVerified,
    /// The email address is not a valid address.
    #[error("AUM0004")]
    InvalidEmail,
    /// The operator is suspended or deleted.
    #[error("AUM0005")]
    OperatorSuspended,
    /// The password reset link is unknown, used, expired, superseded or altered.
    #[error("AUM0006")]
    ResetTokenInvalid,
    /// The link confirming a new primary or recovery address is unknown, used or expired.
    #[error("AUM0008")]
    EmailTokenInvalid,
    /// The "lost primary address" link is unknown, used or expired.
    #[error("AUM0009")]
    RecoverTokenInvalid,
    /// Only the root user may do this.
    #[error("AUM0017")]
    RootOnly,
    /// The caller's permission documents do not allow this operation.
    #[error("AUM0017")]
    PermissionDenied { action: String },
    /// A permission document was refused; says what is wrong and where.
    #[error("AUM0029")]
    PolicyInvalid(PolicyError),
    /// A SAM user name or role id breaks the naming rule.
    #[error("AUM0030")]
    NameInvalid,
    /// A SAM user of that name already exists in the operator.
    #[error("AUM0031")]
    UserExists,
    /// No SAM user of that name in the operator.
    #[error("AUM0032")]
    UserNotFound,
    /// A role of that id already exists in the operator.
    #[error("AUM0033")]
    RoleExists,
    /// No role of that id in the operator.
    #[error("AUM0034")]
    RoleNotFound,
    /// The SAM user has no console password to remove.
    #[error("AUM0035")]
    UserHasNoPassword,
    /// The user already has the most auth keys allowed.
    #[error("AUM0036")]
    TooManyAuthKeys { max: usize },
    /// No such auth key for that user.
    #[error("AUM0037")]
    AuthKeyNotFound,
    /// The new address equals the current primary address.
    #[error("AUM0027")]
    EmailUnchanged,
    /// The recovery address must differ from the primary address.
    #[error("AUM0028")]
    RecoveryEqualsPrimary,
    /// The verification link is unknown, used, expired or superseded.
    #[error("AUM0007")]
    VerificationTokenInvalid,
    /// The password is shorter than the policy allows.
    #[error("AUM0010")]
    PasswordTooShort { min: usize },
    /// The password is longer than the policy allows.
    #[error("AUM0010")]
    PasswordTooLong { max: usize },
    /// The password is on the list of common or breached passwords.
    #[error("AUM0010")]
    PasswordCommon,
    /// The password equals the email address.
    #[error("AUM0010")]
    PasswordIsEmail,
    /// The two new passwords differ.
    #[error("AUM0011")]
    PasswordMismatch,
    /// A required field is empty.
    #[error("AUM0012")]
    Required(Field),
    /// A field is longer than any sensible value.
    #[error("AUM0013")]
    TooLong(Field),
    /// The page or action needs a signed-in user.
    #[error("AUM0014")]
    SignInRequired,
    /// A state-changing request came from another site.
    #[error("AUM0015")]
    ForeignOrigin,
    /// The language is not one the console offers.
    #[error("AUM0016")]
    UnknownLanguage,
    /// The current password given to confirm a change is wrong.
    #[error("AUM0019")]
    PasswordWrong,
    /// The change needs the password again (last entered over 10 minutes ago).
    #[error("AUM0022")]
    ReauthRequired,
    /// The MFA code (or recovery code) is wrong, malformed or already used.
    #[error("AUM0023")]
    MfaCodeInvalid,
    /// The MFA sign-in step expired or was already completed: sign in again.
    #[error("AUM0024")]
    MfaLoginExpired,
    /// MFA is not in the state this action needs (already on, not on, no set-up started).
    #[error("AUM0025")]
    MfaState,
    /// The session to end does not exist or is not the user's.
    #[error("AUM0026")]
    SessionNotFound,
    /// The mail could not be handed to the mail server; nothing was changed.
    #[error("AUM0020")]
    MailUnavailable,
    /// The address already belongs to an operator (shell command only: the
    /// console never reveals this).
    #[error("AUM0021")]
    EmailTaken,
    /// Every core is busy hashing passwords; try again in a moment.
    #[error("AUM0132")]
    Busy,
    /// The database cannot be reached for the moment; nothing was changed
    /// and the server reconnects by itself.
    #[error("AUM0133")]
    StoreUnavailable,
    /// The sign-in name (or the client address) is locked for a while.
    #[error("AUM0131")]
    Locked,
    /// The request was malformed (missing or unreadable fields).
    #[error("AUM0018")]
    BadRequest,
    /// API: the request carries no API key or no API token.
    #[error("AUM0001")]
    TokenMissing,
    /// API: the token is not one of ours, was altered, expired or was
    /// revoked, or the API key does not belong to it.
    #[error("AUM0038")]
    TokenInvalid,
    /// API sign-in: the user has MFA on and no code was sent.
    #[error("AUM0039")]
    MfaCodeRequired,
    /// API sign-in: `tokenTimeoutSeconds` outside the allowed range.
    #[error("AUM0040")]
    TokenTimeoutInvalid { min: i64, max: i64 },
    /// API: the body is not JSON (at this line and column).
    #[error("AUM0041")]
    JsonSyntax { line: usize, column: usize },
    /// API: a field of the JSON body is missing or of the wrong type.
    #[error("AUM0042")]
    JsonField { field: String },
    /// API: the body is not sent as `application/json`.
    #[error("AUM0043")]
    ContentType,
    /// API: the body is larger than any operation takes.
    #[error("AUM0044")]
    BodyTooLarge,
    /// API: no operation has this path.
    #[error("AUM0045")]
    NoSuchOperation,
    /// API: the path exists, but not with this HTTP method.
    #[error("AUM0046")]
    MethodNotAllowed,
    /// API: the operator id in the path is not the caller's (whether it
    /// exists is not told).
    #[error("AUM0047")]
    ForeignOperator,
    /// API: only the user itself can set up its authenticator.
    #[error("AUM0048")]
    MfaSelfOnly,
    /// API: no address of that id.
    #[error("AUM0049")]
    EmailNotFound,
    /// API: the primary address is changed, never deleted.
    #[error("AUM0050")]
    PrimaryEmailKept,
    /// API: the token to turn MFA off is unknown, used, expired or not this user's.
    #[error("AUM0051")]
    MfaRevokeTokenInvalid,
    /// A trust policy that is not one (what it must look like is told).
    #[error("AUM0052")]
    TrustPolicyInvalid(PolicyError),
    /// `Auth:switchUser`: the target does not trust the caller (or does
    /// not exist: the answer is the same).
    #[error("AUM0053")]
    SwitchNotTrusted,
    /// The change needs a sign-in with the password: the session was
    /// opened with an auth key or by `switchUser`.
    #[error("AUM0054")]
    NeedsPasswordSignIn,
    /// One's own password is changed with the current one (Security →
    /// Password, or `updateUserPassword` with `currentPassword`).
    #[error("AUM0055")]
    OwnPasswordNeedsCurrent,
    /// The password typed on a verification link's page is not the one of
    /// the latest sign-up with the address (the link is kept).
    #[error("AUM0056")]
    VerifyPasswordMismatch,
    /// The user already holds the most roles allowed.
    #[error("AUM0057")]
    TooManyRoles { max: usize },
    /// The server could not be reached or answered something unreadable.
    #[error("AUM0998")]
    Network,
    /// A fault on the server side; details are in the server log only.
    #[error("AUM0999")]
    Internal,
}

impl AppError {
    /// The stable code, e.g. `AUM0002`.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::InvalidCredentials => "AUM0002",
            AppError::EmailNotVerified => "AUM0003",
            AppError::InvalidEmail => "AUM0004",
            AppError::OperatorSuspended => "AUM0005",
            AppError::ResetTokenInvalid => "AUM0006",
            AppError::VerificationTokenInvalid => "AUM0007",
            AppError::EmailTokenInvalid => "AUM0008",
            AppError::RecoverTokenInvalid => "AUM0009",
            AppError::RootOnly | AppError::PermissionDenied { .. } => "AUM0017",
            AppError::PolicyInvalid(_) => "AUM0029",
            AppError::NameInvalid => "AUM0030",
            AppError::UserExists => "AUM0031",
            AppError::UserNotFound => "AUM0032",
            AppError::RoleExists => "AUM0033",
            AppError::RoleNotFound => "AUM0034",
            AppError::UserHasNoPassword => "AUM0035",
            AppError::TooManyAuthKeys { .. } => "AUM0036",
            AppError::AuthKeyNotFound => "AUM0037",
            AppError::EmailUnchanged => "AUM0027",
            AppError::RecoveryEqualsPrimary => "AUM0028",
            AppError::PasswordTooShort { .. }
            | AppError::PasswordTooLong { .. }
            | AppError::PasswordCommon
            | AppError::PasswordIsEmail => "AUM0010",
            AppError::PasswordMismatch => "AUM0011",
            AppError::Required(_) => "AUM0012",
            AppError::TooLong(_) => "AUM0013",
            AppError::SignInRequired => "AUM0014",
            AppError::ForeignOrigin => "AUM0015",
            AppError::UnknownLanguage => "AUM0016",
            AppError::MailUnavailable => "AUM0020",
            AppError::PasswordWrong => "AUM0019",
            AppError::ReauthRequired => "AUM0022",
            AppError::MfaCodeInvalid => "AUM0023",
            AppError::MfaLoginExpired => "AUM0024",
            AppError::MfaState => "AUM0025",
            AppError::SessionNotFound => "AUM0026",
            AppError::EmailTaken => "AUM0021",
            AppError::Locked => "AUM0131",
            AppError::Busy => "AUM0132",
            AppError::StoreUnavailable => "AUM0133",
            AppError::BadRequest => "AUM0018",
            AppError::TokenMissing => "AUM0001",
            AppError::TokenInvalid => "AUM0038",
            AppError::MfaCodeRequired => "AUM0039",
            AppError::TokenTimeoutInvalid { .. } => "AUM0040",
            AppError::JsonSyntax { .. } => "AUM0041",
            AppError::JsonField { .. } => "AUM0042",
            AppError::ContentType => "AUM0043",
            AppError::BodyTooLarge => "AUM0044",
            AppError::NoSuchOperation => "AUM0045",
            AppError::MethodNotAllowed => "AUM0046",
            AppError::ForeignOperator => "AUM0047",
            AppError::MfaSelfOnly => "AUM0048",
            AppError::EmailNotFound => "AUM0049",
            AppError::PrimaryEmailKept => "AUM0050",
            AppError::MfaRevokeTokenInvalid => "AUM0051",
            AppError::TrustPolicyInvalid(_) => "AUM0052",
            AppError::SwitchNotTrusted => "AUM0053",
            AppError::NeedsPasswordSignIn => "AUM0054",
            AppError::OwnPasswordNeedsCurrent => "AUM0055",
            AppError::VerifyPasswordMismatch => "AUM0056",
            AppError::TooManyRoles { .. } => "AUM0057",
            AppError::Network => "AUM0998",
            AppError::Internal => "AUM0999",
        }
    }

    /// The HTTP status that fits the error.
    pub fn http_status(&self) -> u16 {
        match self {
            AppError::InvalidCredentials
            | AppError::SignInRequired
            | AppError::PasswordWrong
            | AppError::ReauthRequired
            | AppError::MfaCodeInvalid
            | AppError::MfaLoginExpired
            | AppError::TokenMissing
            | AppError::TokenInvalid
            | AppError::MfaCodeRequired => 401,
            AppError::SessionNotFound
            | AppError::UserNotFound
            | AppError::RoleNotFound
            | AppError::AuthKeyNotFound
            | AppError::NoSuchOperation
            | AppError::EmailNotFound => 404,
            AppError::MethodNotAllowed => 405,
            AppError::BodyTooLarge => 413,
            AppError::ContentType => 415,
            AppError::MfaState
            | AppError::UserExists
            | AppError::RoleExists
            | AppError::UserHasNoPassword
            | AppError::TooManyAuthKeys { .. }
            | AppError::TooManyRoles { .. }
            | AppError::PrimaryEmailKept => 409,
            AppError::EmailNotVerified
            | AppError::OperatorSuspended
            | AppError::ForeignOrigin
            | AppError::RootOnly
            | AppError::ForeignOperator
            | AppError::MfaSelfOnly
            | AppError::SwitchNotTrusted
            | AppError::NeedsPasswordSignIn
            | AppError::OwnPasswordNeedsCurrent
            | AppError::PermissionDenied { .. } => 403,
            AppError::Locked => 429,
            AppError::MailUnavailable | AppError::Busy | AppError::StoreUnavailable => 503,
            AppError::Network => 502,
            AppError::Internal => 500,
            _ => 400,
        }
    }

    /// The field the error belongs to, if any.
    pub fn field(&self) -> Option<Field> {
        match self {
            AppError::InvalidEmail | AppError::EmailUnchanged | AppError::RecoveryEqualsPrimary => Some(Field::Email),
            AppError::PasswordTooShort { .. }
            | AppError::PasswordTooLong { .. }
            | AppError::PasswordCommon
            | AppError::PasswordIsEmail
            | AppError::VerifyPasswordMismatch => Some(Field::Password),
            AppError::PasswordMismatch => Some(Field::Confirm),
            AppError::Required(f) | AppError::TooLong(f) => Some(*f),
            AppError::UnknownLanguage => Some(Field::Language),
            AppError::PasswordWrong | AppError::ReauthRequired => Some(Field::Current),
            AppError::MfaCodeInvalid => Some(Field::Code),
            AppError::NameInvalid | AppError::UserExists | AppError::RoleExists => Some(Field::Name),
            AppError::PolicyInvalid(_) => Some(Field::Permission),
            _ => None,
        }
    }
}
