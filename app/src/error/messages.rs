//! What each error says to a person: its text in the translation files,
//! with its values filled in and its code appended.

use super::AppError;
use crate::i18n::{Lang, Msg};

impl AppError {
    #[cfg(feature = "ssr")]
    pub(super) fn msg(&self) -> Msg {
        match self {
            AppError::InvalidCredentials => Msg::ErrorAUM0002,
            AppError::EmailNotVerified => Msg::ErrorAUM0003,
            AppError::InvalidEmail => Msg::ErrorAUM0004,
            AppError::OperatorSuspended => Msg::ErrorAUM0005,
            AppError::ResetTokenInvalid => Msg::ErrorAUM0006,
            AppError::VerificationTokenInvalid => Msg::ErrorAUM0007,
            AppError::EmailTokenInvalid => Msg::ErrorAUM0008,
            AppError::RecoverTokenInvalid => Msg::ErrorAUM0009,
            AppError::RootOnly => Msg::ErrorAUM0017,
            AppError::PermissionDenied { .. } => Msg::ErrorAUM0017Denied,
            AppError::PolicyInvalid(_) => Msg::ErrorAUM0029,
            AppError::NameInvalid => Msg::ErrorAUM0030,
            AppError::UserExists => Msg::ErrorAUM0031,
            AppError::UserNotFound => Msg::ErrorAUM0032,
            AppError::RoleExists => Msg::ErrorAUM0033,
            AppError::RoleNotFound => Msg::ErrorAUM0034,
            AppError::UserHasNoPassword => Msg::ErrorAUM0035,
            AppError::TooManyAuthKeys { .. } => Msg::ErrorAUM0036,
            AppError::AuthKeyNotFound => Msg::ErrorAUM0037,
            AppError::EmailUnchanged => Msg::ErrorAUM0027,
            AppError::RecoveryEqualsPrimary => Msg::ErrorAUM0028,
            AppError::PasswordTooShort { .. } => Msg::ErrorAUM0010TooShort,
            AppError::PasswordTooLong { .. } => Msg::ErrorAUM0010TooLong,
            AppError::PasswordCommon => Msg::ErrorAUM0010Common,
            AppError::PasswordIsEmail => Msg::ErrorAUM0010IsEmail,
            AppError::PasswordMismatch => Msg::ErrorAUM0011,
            AppError::Required(_) => Msg::ErrorAUM0012,
            AppError::TooLong(_) => Msg::ErrorAUM0013,
            AppError::SignInRequired => Msg::ErrorAUM0014,
            AppError::ForeignOrigin => Msg::ErrorAUM0015,
            AppError::UnknownLanguage => Msg::ErrorAUM0016,
            AppError::MailUnavailable => Msg::ErrorAUM0020,
            AppError::PasswordWrong => Msg::ErrorAUM0019,
            AppError::ReauthRequired => Msg::ErrorAUM0022,
            AppError::MfaCodeInvalid => Msg::ErrorAUM0023,
            AppError::MfaLoginExpired => Msg::ErrorAUM0024,
            AppError::MfaState => Msg::ErrorAUM0025,
            AppError::SessionNotFound => Msg::ErrorAUM0026,
            AppError::EmailTaken => Msg::ErrorAUM0021,
            AppError::Locked => Msg::ErrorAUM0131,
            AppError::Busy => Msg::ErrorAUM0132,
            AppError::StoreUnavailable => Msg::ErrorAUM0133,
            AppError::BadRequest => Msg::ErrorAUM0018,
            AppError::TokenMissing => Msg::ErrorAUM0001,
            AppError::TokenInvalid => Msg::ErrorAUM0038,
            AppError::MfaCodeRequired => Msg::ErrorAUM0039,
            AppError::TokenTimeoutInvalid { .. } => Msg::ErrorAUM0040,
            AppError::JsonSyntax { .. } => Msg::ErrorAUM0041,
            AppError::JsonField { .. } => Msg::ErrorAUM0042,
            AppError::ContentType => Msg::ErrorAUM0043,
            AppError::BodyTooLarge => Msg::ErrorAUM0044,
            AppError::NoSuchOperation => Msg::ErrorAUM0045,
            AppError::MethodNotAllowed => Msg::ErrorAUM0046,
            AppError::ForeignOperator => Msg::ErrorAUM0047,
            AppError::MfaSelfOnly => Msg::ErrorAUM0048,
            AppError::EmailNotFound => Msg::ErrorAUM0049,
            AppError::PrimaryEmailKept => Msg::ErrorAUM0050,
            AppError::MfaRevokeTokenInvalid => Msg::ErrorAUM0051,
            AppError::TrustPolicyInvalid(_) => Msg::ErrorAUM0052,
            AppError::SwitchNotTrusted => Msg::ErrorAUM0053,
            AppError::NeedsPasswordSignIn => Msg::ErrorAUM0054,
            AppError::OwnPasswordNeedsCurrent => Msg::ErrorAUM0055,
            AppError::VerifyPasswordMismatch => Msg::ErrorAUM0056,
            AppError::TooManyRoles { .. } => Msg::ErrorAUM0057,
            AppError::Network => Msg::ErrorAUM0998,
            AppError::Internal => Msg::ErrorAUM0999,
        }
    }

    /// The message a person reads, in their language, ending with the code:
    /// `Invalid email address or password. (AUM0002)`. Written on the
    /// server only (see [`ConsoleError::message`](crate::server_fns::ConsoleError::message)).
    #[cfg(feature = "ssr")]
    pub fn message(&self, lang: Lang) -> String {
        let mut text = lang
            .text(self.msg())
            .replace("{min}", &self.limit().to_string())
            .replace("{max}", &self.limit().to_string());
        match self {
            AppError::PermissionDenied { action } => text = text.replace("{action}", action),
            AppError::PolicyInvalid(e) | AppError::TrustPolicyInvalid(e) => {
                text = text.replace("{detail}", &e.describe(lang))
            }
            AppError::TokenTimeoutInvalid { min, max } => {
                text = text.replace("{low}", &min.to_string()).replace("{high}", &max.to_string())
            }
            AppError::JsonSyntax { line, column } => {
                text = text.replace("{line}", &line.to_string()).replace("{column}", &column.to_string())
            }
            AppError::JsonField { field } => text = text.replace("{field}", field),
            _ => {}
        }
        format!("{text} ({})", self.code())
    }

    /// The message of the error with `code` when the server sent no text:
    /// one the browser raised itself (no connection, an answer it cannot
    /// read); any other shows its code with a generic text.
    #[cfg(not(feature = "ssr"))]
    pub fn browser_message(code: &str, lang: Lang) -> String {
        let msg = if code == AppError::Network.code() {
            Msg::ErrorAUM0998
        } else if code == AppError::BadRequest.code() {
            Msg::ErrorAUM0018
        } else {
            Msg::ErrorAUM0999
        };
        format!("{} ({code})", lang.text(msg))
    }

    #[cfg(feature = "ssr")]
    fn limit(&self) -> usize {
        match self {
            AppError::PasswordTooShort { min } => *min,
            AppError::PasswordTooLong { max } | AppError::TooManyAuthKeys { max } | AppError::TooManyRoles { max } => {
                *max
            }
            _ => 0,
        }
    }
}
