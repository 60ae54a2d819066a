//! The texts of every mail, in English and Japanese, from the translation
//! files; each renders a plain-text and a simple HTML body.

use super::OutgoingMail;
use crate::i18n::{Lang, Msg};

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Fills `{name}` placeholders.
fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    vars.iter().fold(template.to_string(), |acc, (k, v)| acc.replace(&format!("{{{k}}}"), v))
}

/// Renders a mail whose body is a few paragraphs and one call-to-action link.
fn render(to: &str, lang: Lang, subject: Msg, body: Msg, link: &str, vars: &[(&str, &str)]) -> OutgoingMail {
    let body = fill(lang.text(body), vars);
    let sign = lang.text(Msg::MailSignature);
    let text = format!("{body}\n\n{link}\n\n-- \n{sign}\n");
    let paragraphs: String =
        body.split("\n\n").map(|p| format!("<p>{}</p>", escape_html(p).replace('\n', "<br>"))).collect();
    let link_html = escape_html(link);
    let html = format!(
        "<!doctype html><html lang=\"{}\"><body style=\"font-family:sans-serif\">{paragraphs}<p><a href=\"{link_html}\">{link_html}</a></p><p style=\"color:#666\">{}</p></body></html>",
        lang.tag(),
        escape_html(sign)
    );
    OutgoingMail { to: to.to_string(), subject: lang.text(subject).to_string(), text, html }
}

/// The sign-up verification mail with its one-time link.
pub fn verify_email(to: &str, lang: Lang, link: &str, hours: i64) -> OutgoingMail {
    render(to, lang, Msg::MailVerifySubject, Msg::MailVerifyBody, link, &[("hours", &hours.to_string())])
}

/// Told to the owner of an address someone tried to sign up with again.
pub fn signup_attempt(to: &str, lang: Lang, login_link: &str) -> OutgoingMail {
    render(to, lang, Msg::MailSignupAttemptSubject, Msg::MailSignupAttemptBody, login_link, &[])
}

/// The "forgot password" mail with its one-time reset link.
pub fn password_reset(to: &str, lang: Lang, link: &str, minutes: i64) -> OutgoingMail {
    render(to, lang, Msg::MailResetSubject, Msg::MailResetBody, link, &[("minutes", &minutes.to_string())])
}

/// The link that confirms a new primary address, mailed to that address.
pub fn email_change_verify(to: &str, lang: Lang, link: &str, minutes: i64) -> OutgoingMail {
    render(to, lang, Msg::MailEmailChangeSubject, Msg::MailEmailChangeBody, link, &[("minutes", &minutes.to_string())])
}

/// Tells the old primary address that the primary address was changed.
pub fn email_changed_notice(to: &str, lang: Lang, login_link: &str) -> OutgoingMail {
    render(to, lang, Msg::MailEmailChangedSubject, Msg::MailEmailChangedBody, login_link, &[])
}

/// The link that verifies a recovery address, mailed to that address.
pub fn recovery_email_verify(to: &str, lang: Lang, link: &str, minutes: i64) -> OutgoingMail {
    render(
        to,
        lang,
        Msg::MailRecoveryVerifySubject,
        Msg::MailRecoveryVerifyBody,
        link,
        &[("minutes", &minutes.to_string())],
    )
}

/// The `/recover` link, mailed to a verified recovery address.
pub fn recover(to: &str, lang: Lang, link: &str, minutes: i64) -> OutgoingMail {
    render(to, lang, Msg::MailRecoverSubject, Msg::MailRecoverBody, link, &[("minutes", &minutes.to_string())])
}

/// Tells the user their password was changed, and what to do if it was not them.
pub fn password_changed(to: &str, lang: Lang, login_link: &str) -> OutgoingMail {
    render(to, lang, Msg::MailPasswordChangedSubject, Msg::MailPasswordChangedBody, login_link, &[])
}

/// Tells the user MFA was turned on.
pub fn mfa_enabled(to: &str, lang: Lang, login_link: &str) -> OutgoingMail {
    render(to, lang, Msg::MailMfaOnSubject, Msg::MailMfaOnBody, login_link, &[])
}

/// Tells the user MFA was turned off.
pub fn mfa_disabled(to: &str, lang: Lang, login_link: &str) -> OutgoingMail {
    render(to, lang, Msg::MailMfaOffSubject, Msg::MailMfaOffBody, login_link, &[])
}

/// The one-time token that, with the password and a recovery code, turns
/// MFA off when the authenticator is lost (asked for through the API).
pub fn mfa_revoke_token(to: &str, lang: Lang, token: &str, minutes: i64, link: &str) -> OutgoingMail {
    let vars = [("token", token), ("minutes", &minutes.to_string())];
    render(to, lang, Msg::MailMfaRevokeTokenSubject, Msg::MailMfaRevokeTokenBody, link, &vars)
}

/// Tells the root user that an auth key was made for it.
pub fn auth_key_created(to: &str, lang: Lang, key_id: &str, link: &str) -> OutgoingMail {
    render(to, lang, Msg::MailAuthKeyCreatedSubject, Msg::MailAuthKeyCreatedBody, link, &[("key_id", key_id)])
}

/// Tells the owner that their sign-in name was locked after failed
/// attempts, with a reset link (a reset lifts the lock). Sent once per
/// lock episode.
pub fn account_locked(to: &str, lang: Lang, reset_link: &str, minutes: i64) -> OutgoingMail {
    render(to, lang, Msg::MailLockedSubject, Msg::MailLockedBody, reset_link, &[("minutes", &minutes.to_string())])
}

/// Tells the primary (and the previous recovery) address that the recovery
/// address is now `address`, or was removed when `address` is `None`.
pub fn recovery_changed(to: &str, lang: Lang, address: Option<&str>, link: &str) -> OutgoingMail {
    match address {
        Some(a) => {
            render(to, lang, Msg::MailRecoveryChangedSubject, Msg::MailRecoveryChangedBody, link, &[("address", a)])
        }
        None => render(to, lang, Msg::MailRecoveryChangedSubject, Msg::MailRecoveryRemovedBody, link, &[]),
    }
}

/// Tells the primary address that someone started `/recover` with the
/// account's recovery address.
pub fn recover_started(to: &str, lang: Lang, link: &str) -> OutgoingMail {
    render(to, lang, Msg::MailRecoverStartedSubject, Msg::MailRecoverStartedBody, link, &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verification_mail_has_subject_link_and_expiry_in_both_languages() {
        let link = "http://127.0.0.1:3000/verify/abc123";
        let en = verify_email("a@example.com", Lang::En, link, 24);
        assert_eq!(en.subject, "[Gatehouse] Please verify your email address");
        assert!(en.text.contains(link) && en.html.contains(link));
        assert!(en.text.contains("24"));
        let ja = verify_email("a@example.com", Lang::Ja, link, 24);
        assert!(ja.subject.starts_with("[Gatehouse]"));
        assert!(ja.text.contains(link) && ja.text.contains("24"));
    }

    type Template = fn(&str, Lang, &str) -> OutgoingMail;

    /// Every mail, in a form that takes (to, language, link).
    fn every_mail() -> Vec<(&'static str, Template)> {
        vec![
            ("verify", |to, l, link| verify_email(to, l, link, 24)),
            ("signup_attempt", signup_attempt),
            ("reset", |to, l, link| password_reset(to, l, link, 60)),
            ("password_changed", password_changed),
            ("mfa_on", mfa_enabled),
            ("mfa_off", mfa_disabled),
            ("email_change", |to, l, link| email_change_verify(to, l, link, 60)),
            ("email_changed", email_changed_notice),
            ("recovery_verify", |to, l, link| recovery_email_verify(to, l, link, 60)),
            ("recover", |to, l, link| recover(to, l, link, 60)),
            ("locked", |to, l, link| account_locked(to, l, link, 60)),
            ("recovery_changed", |to, l, link| recovery_changed(to, l, Some("b@example.org"), link)),
            ("recovery_removed", |to, l, link| recovery_changed(to, l, None, link)),
            ("recover_started", recover_started),
        ]
    }

    #[test]
    fn every_mail_has_a_subject_and_the_link_in_both_parts_and_languages() {
        let link = "https://console.example/password/reset/aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE";
        for (name, render) in every_mail() {
            for lang in [Lang::En, Lang::Ja] {
                let m = render("a@example.com", lang, link);
                assert!(m.subject.starts_with("[Gatehouse]"), "{name} {lang:?}: {}", m.subject);
                assert!(m.text.contains(link) && m.html.contains(link), "{name} {lang:?}: link");
                assert!(!m.text.contains('{') && !m.html.contains("{"), "{name} {lang:?}: a placeholder is left");
                assert!(m.html.contains(&format!("lang=\"{}\"", lang.tag())));
                assert_eq!(m.to, "a@example.com");
            }
            let (en, ja) = (render("a@example.com", Lang::En, link), render("a@example.com", Lang::Ja, link));
            assert_ne!(en.subject, ja.subject, "{name}: the Japanese mail is translated");
        }
    }

    #[test]
    fn the_reset_subjects_are_the_products() {
        assert_eq!(password_reset("a@example.com", Lang::En, "x", 60).subject, "[Gatehouse] Password reset URL");
        assert_eq!(
            password_reset("a@example.com", Lang::Ja, "x", 60).subject,
            "[Gatehouse]パスワード変更用URLのお知らせ"
        );
    }

    #[test]
    fn html_body_escapes_markup() {
        let m = signup_attempt("a@example.com", Lang::En, "http://x/login?a=1&b=<2>");
        assert!(m.html.contains("a=1&amp;b=&lt;2&gt;"));
    }
}
