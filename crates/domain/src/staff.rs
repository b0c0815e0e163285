//! Staff rules: who may do what (per role and per ownership), e-mail addresses and the
//! password policy. The web layer asks `Role::may` for every action; nothing else decides.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Role;

/// Something a staff member may try to do in the newsroom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Open the newsroom at all.
    UseNewsroom,
    /// Create a draft (it becomes the creator's own).
    CreateArticle,
    /// Read or edit an article (own = the user is one of its authors or created it).
    EditArticle,
    /// Send an article to review.
    SubmitArticle,
    /// Publish, schedule or unpublish an article.
    PublishArticle,
    /// Send an article in review back to its authors with a comment.
    SendBack,
    /// Sections, tags, regions, author profiles, pages, menus and the home layout.
    ManageStructure,
    /// Upload media (always the uploader's own), edit and delete media items (own = the
    /// user uploaded it). Everyone may browse and reuse the library.
    ManageMedia,
    /// Invite staff, change roles, disable accounts.
    ManageStaff,
    /// Read the audit log.
    ViewAudit,
    /// Site settings.
    ManageSettings,
}

impl Role {
    /// Whether this role may do `action`; `own` says whether the item belongs to the user
    /// (ignored for actions that are not about one item).
    pub fn may(self, action: Action, own: bool) -> bool {
        use Action::*;
        match action {
            UseNewsroom | CreateArticle => true,
            EditArticle | SubmitArticle | ManageMedia => own || self >= Role::Editor,
            PublishArticle => (own && self >= Role::Author) || self >= Role::Editor,
            SendBack | ManageStructure => self >= Role::Editor,
            ManageStaff | ViewAudit | ManageSettings => self == Role::Admin,
        }
    }

    /// Every role, weakest first.
    pub const ALL: [Role; 4] = [Role::Contributor, Role::Author, Role::Editor, Role::Admin];
}

/// A syntactically valid e-mail address, trimmed and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

/// Why a text is not an e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid e-mail address")]
pub struct EmailError;

impl Email {
    /// Accepts `local@domain` with a dotted domain, no spaces or control characters, at
    /// most 254 characters. Deliberately not the full RFC 5322 grammar: what we accept must
    /// also be deliverable by ordinary mail servers.
    pub fn parse(input: &str) -> Result<Email, EmailError> {
        let s = input.trim().to_lowercase();
        if s.is_empty() || s.len() > 254 {
            return Err(EmailError);
        }
        let (local, domain) = s.rsplit_once('@').ok_or(EmailError)?;
        let bad = |c: char| c.is_whitespace() || c.is_control() || "<>()[]\\,;:\"@".contains(c);
        if local.is_empty()
            || local.len() > 64
            || local.chars().any(bad)
            || domain.chars().any(bad)
            || !domain.contains('.')
            || domain.starts_with('.')
            || domain.ends_with('.')
            || domain.contains("..")
            || domain.starts_with('-')
        {
            return Err(EmailError);
        }
        Ok(Email(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address with most of the local part hidden, for logs (`j***@example.org`).
    pub fn masked(&self) -> String {
        let (local, domain) = self.0.rsplit_once('@').unwrap_or(("", &self.0));
        let first: String = local.chars().take(1).collect();
        format!("{first}***@{domain}")
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Email {
    type Error = EmailError;
    fn try_from(s: String) -> Result<Email, EmailError> {
        Email::parse(&s)
    }
}

impl From<Email> for String {
    fn from(e: Email) -> String {
        e.0
    }
}

/// Shortest accepted password, in characters.
pub const PASSWORD_MIN_CHARS: usize = 10;
/// Longest accepted password, in characters (hashing cost stays bounded).
pub const PASSWORD_MAX_CHARS: usize = 256;

/// Why a new password is refused; each has a stable code for translated messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("the password must have at least {PASSWORD_MIN_CHARS} characters")]
    TooShort,
    #[error("the password must have at most {PASSWORD_MAX_CHARS} characters")]
    TooLong,
    #[error("the password must not be the e-mail address or the name")]
    Guessable,
}

impl PasswordError {
    pub fn code(self) -> &'static str {
        match self {
            PasswordError::TooShort => "password_too_short",
            PasswordError::TooLong => "password_too_long",
            PasswordError::Guessable => "password_guessable",
        }
    }
}

/// Checks a new password (NIST SP 800-63B style: length, not composition rules).
pub fn check_new_password(password: &str, email: &str, name: &str) -> Result<(), PasswordError> {
    let n = password.chars().count();
    if n < PASSWORD_MIN_CHARS {
        return Err(PasswordError::TooShort);
    }
    if n > PASSWORD_MAX_CHARS {
        return Err(PasswordError::TooLong);
    }
    let p = password.trim().to_lowercase();
    let local = email.split('@').next().unwrap_or("").to_lowercase();
    if p == email.trim().to_lowercase()
        || p == local
        || p == name.trim().to_lowercase()
        || p.chars().all(|c| c == p.chars().next().unwrap_or(' '))
    {
        return Err(PasswordError::Guessable);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;

    #[test]
    fn permission_matrix() {
        let c = Role::Contributor;
        let a = Role::Author;
        let e = Role::Editor;
        let ad = Role::Admin;
        // Own drafts: everyone edits and submits; only author and up publish.
        for r in Role::ALL {
            assert!(r.may(EditArticle, true) && r.may(SubmitArticle, true));
        }
        assert!(!c.may(PublishArticle, true));
        assert!(a.may(PublishArticle, true));
        // Other people's items: editors and admins only.
        assert!(!c.may(EditArticle, false) && !a.may(EditArticle, false));
        assert!(!a.may(PublishArticle, false));
        assert!(e.may(EditArticle, false) && e.may(PublishArticle, false));
        assert!(!a.may(ManageStructure, false) && e.may(ManageStructure, false));
        assert!(!e.may(ManageStaff, false) && !e.may(ViewAudit, false));
        assert!(ad.may(ManageStaff, false) && ad.may(ViewAudit, false));
        // Media: everyone uploads and manages their own; editors and up everyone's.
        for r in Role::ALL {
            assert!(r.may(ManageMedia, true));
        }
        assert!(!c.may(ManageMedia, false) && !a.may(ManageMedia, false));
        assert!(e.may(ManageMedia, false) && ad.may(ManageMedia, false));
    }

    #[test]
    fn emails() {
        assert_eq!(
            Email::parse("  Ana.Hoxha@Example.ORG ").map(|e| e.0),
            Ok("ana.hoxha@example.org".to_owned())
        );
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.org",
            "ana@example",
            "ana @example.org",
            "ana@exa mple.org",
            "ana@.example.org",
            "ana@example..org",
            "a<b>@example.org",
            "ana@example.org\n",
        ] {
            if bad.ends_with('\n') {
                // Trailing whitespace is trimmed, so this one is fine.
                assert!(Email::parse(bad).is_ok());
            } else {
                assert_eq!(Email::parse(bad), Err(EmailError), "{bad:?}");
            }
        }
        assert_eq!(
            Email::parse("ana@example.org").map(|e| e.masked()),
            Ok("a***@example.org".to_owned())
        );
    }

    #[test]
    fn passwords() {
        assert_eq!(
            check_new_password("short", "a@b.org", "Ana"),
            Err(PasswordError::TooShort)
        );
        assert_eq!(
            check_new_password(&"x".repeat(300), "a@b.org", "Ana"),
            Err(PasswordError::TooLong)
        );
        assert_eq!(
            check_new_password("ana.hoxha@example.org", "ana.hoxha@example.org", "Ana"),
            Err(PasswordError::Guessable)
        );
        assert_eq!(
            check_new_password("aaaaaaaaaaaa", "a@b.org", "Ana"),
            Err(PasswordError::Guessable)
        );
        assert!(check_new_password("kafe me qumësht 2026", "a@b.org", "Ana").is_ok());
    }
}
