//! A password or a mailed link's token as a server-function argument:
//! deserialized from the form like a string, but never printed by `Debug`
//! (server functions derive it).

use serde::{Deserialize, Serialize};

/// A secret typed into a form.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SecretInput(pub String);

impl std::fmt::Debug for SecretInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretInput(***)")
    }
}

#[cfg(feature = "ssr")]
impl From<SecretInput> for crate::account::Secret {
    fn from(value: SecretInput) -> Self {
        crate::account::Secret::new(value.0)
    }
}
