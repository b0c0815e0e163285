//! Turning content into bytes: the document model to HTML and text, Markdown to the document
//! model, page templates (minijinja) with UI strings (Fluent), dates per language, and the
//! hashed, precompressed static assets, feeds (RSS, Atom, JSON Feed), sitemaps and JSON-LD.

pub mod assets;
pub mod feeds;
pub mod gzip;
pub mod html;
pub mod i18n;
pub mod jsonld;
pub mod markdown;
pub mod sitemaps;
pub mod templates;

pub use assets::{Asset, Assets};
pub use feeds::FeedFormat;
pub use html::{DocumentHtml, Links, MediaLookup, escape, render_document, render_document_with};
pub use i18n::{format_date, t, t_args};
pub use markdown::{MarkdownError, markdown_to_document};
pub use templates::{RenderError, Templates};
