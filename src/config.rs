//! Configuration: defaults, then a TOML file (`--config`), then `REVISTA_*` environment
//! variables, then command-line flags. Unknown keys in the file are refused.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{Context, bail};
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// The settings of `revista serve` (and of the other commands that open the database).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Address to listen on.
    pub listen: String,
    /// Directory for the SQLite database and media files.
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; empty means SQLite in the data dir.
    pub database_url: String,
    /// Public base URL for canonical and share links; empty means `http://{listen}`.
    pub base_url: String,
    /// Keep rendered pages in memory.
    pub page_cache: bool,
    /// Page cache budget in MiB.
    pub page_cache_mb: usize,
    /// `text` or `json` logs.
    pub log_format: String,
    /// A reverse proxy in front sets `X-Forwarded-For`: take the client's address (for
    /// sign-in throttling and the audit log) from its last hop.
    pub trust_proxy: bool,
    /// Largest media upload accepted, in bytes.
    pub media_max_bytes: u64,
    /// The site's time zone (IANA name): dates on the pages, and times in the newsroom.
    pub timezone: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: "127.0.0.1:8080".into(),
            data_dir: "data".into(),
            database_url: String::new(),
            base_url: String::new(),
            page_cache: true,
            page_cache_mb: 48,
            log_format: "text".into(),
            trust_proxy: false,
            media_max_bytes: 20 * 1024 * 1024,
            timezone: render::i18n::DEFAULT_TIME_ZONE.into(),
        }
    }
}

/// Values given on the command line, which win over everything else.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_cache: Option<bool>,
}

const ENV_KEYS: &[&str] = &[
    "listen",
    "data_dir",
    "database_url",
    "base_url",
    "page_cache",
    "page_cache_mb",
    "log_format",
    "trust_proxy",
    "media_max_bytes",
    "timezone",
];

impl Config {
    /// Reads and checks the configuration.
    pub fn load(file: Option<&PathBuf>, overrides: &Overrides) -> anyhow::Result<Config> {
        let mut fig = Figment::from(Serialized::defaults(Config::default()));
        if let Some(path) = file {
            if !path.is_file() {
                bail!(
                    "the config file {} does not exist or is not a file",
                    path.display()
                );
            }
            fig = fig.merge(Toml::file_exact(path));
        }
        fig = fig
            .merge(Env::prefixed("REVISTA_").only(ENV_KEYS))
            .merge(Serialized::defaults(overrides));
        let cfg: Config = fig.extract().map_err(|e| {
            let first = e
                .into_iter()
                .next()
                .map(|e| e.to_string())
                .unwrap_or_default();
            anyhow::anyhow!("the configuration is invalid: {first}")
        })?;
        cfg.check()?;
        Ok(cfg)
    }

    fn check(&self) -> anyhow::Result<()> {
        self.listen_addr()?;
        if !self.database_url.is_empty()
            && !["sqlite:", "postgres:", "postgresql:"]
                .iter()
                .any(|p| self.database_url.starts_with(p))
        {
            bail!(
                "the database URL must start with sqlite:// or postgres:// (got {:?})",
                redact(&self.database_url)
            );
        }
        if !matches!(self.log_format.as_str(), "text" | "json") {
            bail!(
                "log_format must be \"text\" or \"json\" (got {:?})",
                self.log_format
            );
        }
        if self.page_cache_mb == 0 || self.page_cache_mb > 16_384 {
            bail!("page_cache_mb must be between 1 and 16384");
        }
        if !(1024..=1024 * 1024 * 1024).contains(&self.media_max_bytes) {
            bail!("media_max_bytes must be between 1024 (1 KiB) and 1073741824 (1 GiB)");
        }
        self.zone()?;
        Ok(())
    }

    /// The site's time zone.
    pub fn zone(&self) -> anyhow::Result<render::i18n::Zone> {
        render::i18n::Zone::named(&self.timezone).map_err(|e| anyhow::anyhow!("timezone: {e}"))
    }

    /// The socket address to listen on.
    pub fn listen_addr(&self) -> anyhow::Result<SocketAddr> {
        self.listen.parse().with_context(|| {
            format!(
                "the listen address {:?} is not an IP:port pair",
                self.listen
            )
        })
    }

    /// The database URL, defaulting to SQLite in the data directory.
    pub fn database_url(&self) -> String {
        if self.database_url.is_empty() {
            format!("sqlite://{}", self.data_dir.join("revista.db").display())
        } else {
            self.database_url.clone()
        }
    }

    /// Where media files live.
    pub fn media_dir(&self) -> PathBuf {
        self.data_dir.join("media")
    }

    /// Where the full-text search index lives.
    pub fn search_dir(&self) -> PathBuf {
        self.data_dir.join("search")
    }

    /// The public base URL without a trailing slash.
    pub fn base_url(&self) -> String {
        if self.base_url.is_empty() {
            format!("http://{}", self.listen)
        } else {
            self.base_url.trim_end_matches('/').to_owned()
        }
    }

    /// Makes sure the data directory exists and is writable.
    pub fn prepare_data_dir(&self) -> anyhow::Result<()> {
        let d = &self.data_dir;
        std::fs::create_dir_all(d.join("media"))
            .with_context(|| format!("the data directory {} cannot be created", d.display()))?;
        let probe = d.join(".write-test");
        std::fs::write(&probe, b"ok")
            .with_context(|| format!("the data directory {} is not writable", d.display()))?;
        let _ = std::fs::remove_file(probe);
        Ok(())
    }
}

/// A database URL with any password hidden, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}
