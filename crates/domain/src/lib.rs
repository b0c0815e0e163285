//! Pure types and rules of Revista: locales, slugs, the publishing state machine, roles, the
//! article document model and the entities every other crate speaks about. No IO here.

pub mod document;
pub mod entities;
pub mod locale;
pub mod media;
pub mod slug;
pub mod staff;
pub mod status;
pub mod tiptap;

pub use document::{Block, Document, DocumentError, Footnote, Inline, Mark};
pub use entities::*;
pub use locale::Locale;
pub use slug::{Slug, SlugError, fold_diacritics, slugify};
pub use staff::{Action, Email, EmailError, PasswordError, check_new_password};
pub use status::{ArticleStatus, Role};
