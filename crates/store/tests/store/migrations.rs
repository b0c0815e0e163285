//! Migrations, connecting, and the handle's own functions.

use std::path::PathBuf;

use store::{Db, Error, Kind, migration_versions};

use crate::raw::RawDb;
use crate::support::{NOW, each_backend, new_section};

fn migration_files(backend: &str) -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../migrations")
        .join(backend);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn both_backends_embed_the_same_migrations() {
    let sqlite = migration_versions(Kind::Sqlite);
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, migration_versions(Kind::Postgres));
    let versions: Vec<i64> = sqlite.iter().map(|(v, _)| *v).collect();
    assert!(
        versions.windows(2).all(|w| w[0] < w[1]),
        "versions ascend: {versions:?}"
    );
}

#[test]
fn migration_files_match_across_backends_and_are_all_embedded() {
    let sqlite = migration_files("sqlite");
    let postgres = migration_files("postgres");
    assert_eq!(
        sqlite, postgres,
        "migrations/sqlite and migrations/postgres hold the same files"
    );
    let embedded: Vec<String> = migration_versions(Kind::Sqlite)
        .iter()
        .map(|(v, d)| format!("{v:04}_{d}.sql"))
        .collect();
    assert_eq!(
        sqlite, embedded,
        "every migration file is embedded, under its own version"
    );
}

#[tokio::test]
async fn applied_migrations_list_them_and_migrating_again_changes_nothing() {
    each_backend(|db| async move {
        let expected: Vec<i64> = migration_versions(db.kind())
            .iter()
            .map(|(v, _)| *v)
            .collect();
        assert_eq!(db.applied_migrations().await.unwrap(), expected);

        let section = db
            .insert_section(&new_section("news", 0), NOW)
            .await
            .unwrap();
        let last_change = db.last_change_id().await.unwrap();
        db.migrate().await.unwrap();
        db.migrate().await.unwrap();
        assert_eq!(db.applied_migrations().await.unwrap(), expected);
        let sections = db.list_sections().await.unwrap();
        assert_eq!(
            sections.iter().map(|s| s.id).collect::<Vec<_>>(),
            vec![section]
        );
        assert_eq!(db.last_change_id().await.unwrap(), last_change);
    })
    .await;
}

#[tokio::test]
async fn both_schemas_have_the_same_tables_columns_and_indexes() {
    let kinds = testkit::backends();
    if kinds.len() < 2 {
        eprintln!("SKIPPED schema comparison: it needs both backends");
        return;
    }
    let sqlite = RawDb::new(Kind::Sqlite).await;
    let postgres = RawDb::new(Kind::Postgres).await;
    let (sqlite_columns, postgres_columns) = (sqlite.columns().await, postgres.columns().await);
    assert!(
        sqlite_columns.len() > 50,
        "the catalogue query finds the columns"
    );
    let only_sqlite: Vec<_> = sqlite_columns.difference(&postgres_columns).collect();
    let only_postgres: Vec<_> = postgres_columns.difference(&sqlite_columns).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "columns only on SQLite: {only_sqlite:?}; only on PostgreSQL: {only_postgres:?}"
    );
    let (sqlite_indexes, postgres_indexes) = (
        sqlite.explicit_indexes().await,
        postgres.explicit_indexes().await,
    );
    assert!(sqlite_indexes.contains("articles_listing"));
    assert_eq!(sqlite_indexes, postgres_indexes);
    sqlite.db.close().await;
    postgres.db.close().await;
}

#[tokio::test]
async fn connect_refuses_urls_it_does_not_understand() {
    for url in ["mysql://localhost/revista", "revista.db", ""] {
        match Db::connect(url).await {
            Err(Error::BadUrl(u)) => assert_eq!(u, url),
            other => panic!("{url:?}: expected BadUrl, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn ping_answers_until_the_handle_is_closed() {
    each_backend(|db| async move {
        db.ping().await.unwrap();
        let clone = db.clone();
        assert_eq!(clone.kind(), db.kind());
        clone.close().await;
        assert!(
            db.ping().await.is_err(),
            "closing a clone closes the shared pools"
        );
    })
    .await;
}
