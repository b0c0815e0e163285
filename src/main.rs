//! `revista`: the magazine in one binary. Subcommands start the server, apply migrations and
//! load demo content.

mod config;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use store::Db;

use crate::config::{Config, Overrides, redact};

/// mimalloc instead of glibc's malloc: a page render makes many short-lived allocations on
/// several threads, and glibc's arenas spent a fifth of an uncached page's CPU (docs/architecture.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Revista: a publishing platform for online news magazines.
#[derive(Debug, Parser)]
#[command(name = "revista", version, about, long_about = None)]
struct Cli {
    /// TOML configuration file (keys: listen, data_dir, database_url, base_url, page_cache,
    /// page_cache_mb, log_format, trust_proxy).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Directory for the embedded database and media [env: REVISTA_DATA_DIR] [default: ./data]
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// sqlite://PATH or postgres://USER@HOST/DB [env: REVISTA_DATABASE_URL] [default: SQLite in the data dir]
    #[arg(long, global = true, value_name = "URL")]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start the web server (applies migrations; loads demo content into an empty database).
    Serve {
        /// Address to listen on [env: REVISTA_LISTEN] [default: 127.0.0.1:8080]
        #[arg(long, value_name = "ADDR")]
        listen: Option<String>,
        /// Do not load demo content, even into an empty database.
        #[arg(long)]
        no_demo: bool,
        /// Render every page afresh (for benchmarks and debugging).
        #[arg(long)]
        no_page_cache: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load demo content: the demo magazine when the database is empty, then N synthetic
    /// articles (for benchmarks).
    Demo {
        /// Number of synthetic articles to add (half in each language, as translation pairs).
        #[arg(long, default_value_t = 0)]
        articles: usize,
    },
    /// Rebuild the full-text search index from the database (stop the server first).
    Reindex,
    /// Manage newsroom staff accounts (the first administrator is created this way).
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create a staff account. The password is asked for twice at a terminal, or read from
    /// the first line of standard input otherwise; never from an argument.
    Create {
        /// E-mail address, used to sign in.
        #[arg(long)]
        email: String,
        /// Name as colleagues see it.
        #[arg(long)]
        name: String,
        /// admin, editor, author or contributor.
        #[arg(long)]
        role: String,
        /// Language of the newsroom for this user: sq or en.
        #[arg(long, default_value = "sq")]
        language: String,
    },
    /// Set a new password for an account (ends all its sessions), read as for `create`.
    Password {
        /// E-mail address of the account.
        #[arg(long)]
        email: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logs(format: &str) {
    use tracing_subscriber::filter::{LevelFilter, Targets};
    use tracing_subscriber::prelude::*;
    let filter = Targets::new()
        .with_default(LevelFilter::INFO)
        .with_target("sqlx", LevelFilter::WARN);
    let registry = tracing_subscriber::registry().with(filter);
    if format == "json" {
        let _ = registry
            .with(
                tracing_subscriber::fmt::layer()
                    .json()
                    .with_writer(std::io::stderr),
            )
            .try_init();
    } else {
        let _ = registry
            .with(
                tracing_subscriber::fmt::layer()
                    .with_target(false)
                    .with_writer(std::io::stderr),
            )
            .try_init();
    }
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

async fn open(cfg: &Config) -> anyhow::Result<Db> {
    cfg.prepare_data_dir()?;
    let url = cfg.database_url();
    let db = Db::connect(&url)
        .await
        .with_context(|| format!("cannot open the database {}", redact(&url)))?;
    db.migrate()
        .await
        .context("cannot apply database migrations")?;
    Ok(db)
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let mut overrides = Overrides {
        data_dir: cli.data_dir.clone(),
        database_url: cli.database_url.clone(),
        ..Overrides::default()
    };
    if let Command::Serve {
        listen,
        no_page_cache,
        ..
    } = &cli.command
    {
        overrides.listen = listen.clone();
        if *no_page_cache {
            overrides.page_cache = Some(false);
        }
    }
    let cfg = Config::load(cli.config.as_ref(), &overrides)?;
    init_logs(&cfg.log_format);
    match cli.command {
        Command::Migrate => {
            let db = open(&cfg).await?;
            let v = db.applied_migrations().await?;
            println!(
                "database is at migration {}",
                v.last().copied().unwrap_or(0)
            );
            db.close().await;
            Ok(())
        }
        Command::Demo { articles } => {
            let db = open(&cfg).await?;
            if db.count_articles().await? == 0 {
                demo::load(&db, &cfg.media_dir(), now())
                    .await
                    .context("cannot load the demo magazine")?;
                println!("loaded the demo magazine");
            }
            if articles > 0 {
                let bar = progress_bar(u64::try_from(articles)?, "articles");
                let started = std::time::Instant::now();
                demo::synthetic(&db, articles, now(), &|n| {
                    bar.inc(u64::try_from(n).unwrap_or(0))
                })
                .await?;
                bar.finish();
                println!(
                    "added {articles} synthetic articles in {:.1?}",
                    started.elapsed()
                );
            }
            db.close().await;
            Ok(())
        }
        Command::Reindex => reindex(&cfg).await,
        Command::User { command } => user_command(&cfg, command).await,
        Command::Serve { no_demo, .. } => serve(cfg, no_demo).await,
    }
}

/// Reads a new password: twice from a prompt at a terminal, else one line of stdin.
fn read_new_password() -> anyhow::Result<String> {
    use std::io::{BufRead, IsTerminal};
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("New password: ")?;
        let second = rpassword::prompt_password("New password, again: ")?;
        if first != second {
            anyhow::bail!("the two passwords are not the same");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_owned())
    }
}

async fn user_command(cfg: &Config, command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Create {
            email,
            name,
            role,
            language,
        } => {
            let email = domain::Email::parse(&email)
                .map_err(|_| anyhow::anyhow!("{email:?} is not a valid e-mail address"))?;
            let role = domain::Role::parse(&role).ok_or_else(|| {
                anyhow::anyhow!("unknown role {role:?}: use admin, editor, author or contributor")
            })?;
            let locale = domain::Locale::parse(&language)
                .ok_or_else(|| anyhow::anyhow!("unknown language {language:?}: use sq or en"))?;
            let name = name.trim();
            if name.is_empty() || name.chars().count() > 120 {
                anyhow::bail!("the name must have 1 to 120 characters");
            }
            let password = read_new_password()?;
            domain::check_new_password(&password, email.as_str(), name)?;
            let hash = web::admin::password::hash_blocking(&password)?;
            let db = open(cfg).await?;
            let user = store::staff::NewUser {
                email: &email,
                name,
                password_hash: &hash,
                role,
                locale,
            };
            let id = match db.insert_user(&user, now()).await {
                Ok(id) => id,
                Err(store::Error::Conflict(_)) => {
                    anyhow::bail!("an account with the address {email} exists already")
                }
                Err(e) => return Err(e.into()),
            };
            db.insert_audit(
                Some(id),
                "user_created",
                &format!("{} ({})", email.masked(), role.as_str()),
                "cli",
                now(),
            )
            .await?;
            db.close().await;
            println!(
                "created the {} account {email} (id {id}); sign in at /admin/login",
                role.as_str()
            );
            Ok(())
        }
        UserCommand::Password { email } => {
            let email = domain::Email::parse(&email)
                .map_err(|_| anyhow::anyhow!("{email:?} is not a valid e-mail address"))?;
            let db = open(cfg).await?;
            let Some(user) = db.find_user_by_email(&email).await? else {
                anyhow::bail!("there is no account with the address {email}");
            };
            let password = read_new_password()?;
            domain::check_new_password(&password, email.as_str(), &user.name)?;
            let hash = web::admin::password::hash_blocking(&password)?;
            db.update_password(user.id, &hash, None, now()).await?;
            db.insert_audit(Some(user.id), "password_changed", "cli", "cli", now())
                .await?;
            db.close().await;
            println!("changed the password of {email}; every session of it has ended");
            Ok(())
        }
    }
}

fn progress_bar(len: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{bar:40}} {{pos}}/{{len}} {what}, {{per_sec}}, eta {{eta}}"
        ))
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

async fn reindex(cfg: &Config) -> anyhow::Result<()> {
    let db = open(cfg).await?;
    let dir = cfg.search_dir();
    let (index, _) = search::SearchIndex::open(&dir).with_context(|| {
        format!(
            "cannot open the search index in {} (is a server using it? stop it first)",
            dir.display()
        )
    })?;
    let total = u64::try_from(db.count_published_articles().await?)?;
    let bar = progress_bar(total, "articles");
    let started = std::time::Instant::now();
    let n = index
        .rebuild(&db, &|done, _| bar.set_position(done))
        .await
        .context("cannot rebuild the search index")?;
    bar.finish();
    println!(
        "indexed {n} published articles in {:.1?}",
        started.elapsed()
    );
    db.close().await;
    Ok(())
}

async fn serve(cfg: Config, no_demo: bool) -> anyhow::Result<()> {
    let addr = cfg.listen_addr()?;
    // Bind first: a taken port is the most common mistake and should fail fast.
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr} (is another server using that port?)"))?;
    render::i18n::set_site_time_zone(cfg.zone()?).map_err(anyhow::Error::msg)?;
    let db = open(&cfg).await?;
    if !no_demo && db.count_articles().await? == 0 {
        tracing::info!("empty database: loading the demo magazine");
        demo::load(&db, &cfg.media_dir(), now())
            .await
            .context("cannot load the demo magazine")?;
    }
    let web_cfg = web::WebConfig {
        page_cache: cfg.page_cache,
        page_cache_bytes: cfg.page_cache_mb * 1024 * 1024,
        media_dir: cfg.media_dir(),
        base_url: cfg.base_url(),
        search_dir: cfg.search_dir(),
        trust_forwarded_for: cfg.trust_proxy,
        media_max_bytes: usize::try_from(cfg.media_max_bytes).unwrap_or(usize::MAX),
    };
    let state = web::AppState::new(db.clone(), Arc::new(web::SystemClock), web_cfg)?;
    state.cache.set_watermark(db.last_change_id().await?);
    let follower = state.spawn_change_follower();
    let background = state.spawn_background_tasks();
    let app = web::router(state);
    tracing::info!(%addr, database = %redact(&cfg.database_url()), "Revista is serving at http://{addr}/");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("the server stopped with an error")?;
    follower.abort();
    // The last view counts are written before the database closes.
    background.shutdown().await;
    db.close().await;
    tracing::info!("stopped cleanly");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
