//! English and Japanese texts of the console. The texts live in
//! `app/locales/*.txt`; `build.rs` turns them into the [`Msg`] enum so every
//! label is checked at compile time to exist in both languages.

pub mod lang;

pub use lang::{Lang, LangContext, provide_lang, use_lang};

include!(concat!(env!("OUT_DIR"), "/messages.rs"));
