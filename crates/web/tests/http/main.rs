//! HTTP tests of the public site: every page through the real router and a real database
//! (SQLite always, PostgreSQL when TEST_DATABASE_URL is set), HTML parsed with `scraper`.

mod newsroom;
mod support;

mod admin;
mod cache;
mod feeds;
mod headers;
mod media;
mod pages;
mod queries;
mod revisions;
mod search;
mod seo;
mod structure;
mod views;
mod workflow;
