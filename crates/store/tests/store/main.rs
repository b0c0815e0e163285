//! Integration tests of `store::Db`. Every test body runs once per backend under test:
//! SQLite always, PostgreSQL too when `TEST_DATABASE_URL` is set (see `testkit::backends`),
//! each time on a fresh migrated database, so the same SQL is proved on both engines.

#![allow(clippy::unwrap_used)]

mod articles;
mod authors;
mod changes;
mod listings;
mod media;
mod media_library;
mod migrations;
mod pages;
mod query_count;
mod raw;
mod search;
mod sitemaps;
mod snapshot;
mod staff;
mod structure;
mod support;
mod taxonomy;
mod views;
