//! Who is acting: the signed-in principal, how its session was opened,
//! and the client it acts from. A leaf every rule reads; it knows no
//! storage and no transport.

use super::profile::Summary;

/// How the session acting was opened: a browser sign-in, or a `/v1`
/// token opened with a password, with an auth key, or by `switchUser`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Opened {
    Console,
    PasswordToken,
    AuthKeyToken,
    SwitchedToken,
}

impl Opened {
    /// Every kind, for tables and tests.
    pub const ALL: [Opened; 4] = [Opened::Console, Opened::PasswordToken, Opened::AuthKeyToken, Opened::SwitchedToken];
}

/// The signed-in user behind a valid session (a console cookie or a
/// `/v1` token).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    pub user_id: i64,
    pub language: Option<String>,
    /// The digest of this session's token (its id in the database).
    pub session_id: String,
    /// When the password was last entered in this session (sign-in or re-authentication).
    pub authenticated_at: i64,
    /// How the session was opened (the proof rules read it).
    pub opened: Opened,
    /// Who the user is (operator, kind, display name) and their security
    /// summary, read with the session (the dashboard needs no second look-up).
    pub summary: Summary,
}

impl Principal {
    /// Whether the caller is the operator's root user.
    pub fn is_root(&self) -> bool {
        self.summary.kind == super::store::entities::user::UserKind::Root
    }

    /// The SAM user's name; `None` for the root user.
    pub fn sam_name(&self) -> Option<&str> {
        self.summary.sam_name.as_deref()
    }

    /// Whether `name` is the caller itself (a SAM user of that name).
    pub fn is_user(&self, name: &str) -> bool {
        self.sam_name() == Some(name)
    }

    /// The operator the caller belongs to.
    pub fn operator_id(&self) -> &str {
        &self.summary.operator_id
    }
}

/// Who is making a request, as far as the account rules care: the client
/// address (for the per-address throttle and the activity log) and the
/// User-Agent (for the sessions list).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientInfo {
    pub addr: Option<String>,
    pub user_agent: Option<String>,
}

/// Who is acting: the signed-in (or token-bearing) principal and the
/// client it acts from. Console server functions and the API both build
/// it, and every operation takes it.
#[derive(Clone, Debug)]
pub struct Caller {
    pub principal: Principal,
    pub client: ClientInfo,
}
