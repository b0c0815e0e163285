//! Turning content into bytes: the document model to HTML and text, Markdown to the document
//! model, page templates (minijinja) with UI strings (Fluent), dates per language, and the
//! hashed, precompressed static assets.

pub mod assets;
pub mod html;
pub mod i18n;
pub mod markdown;
pub mod templates;

pub use assets::{Asset, Assets};
pub use html::{DocumentHtml, MediaLookup, escape, render_document};
pub use i18n::{format_date, t, t_args};
pub use markdown::{MarkdownError, markdown_to_document};
pub use templates::{RenderError, Templates};
