//! The `revista` binary as an operator meets it: help, configuration errors in one sentence,
//! start-up with demo content, health check, graceful shutdown.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_revista"));
    for (k, _) in std::env::vars() {
        if k.starts_with("REVISTA_") {
            c.env_remove(k);
        }
    }
    c
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("revista-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

fn http_get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    let status = out.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, out))
}

/// A one-line error: exactly one line on stderr, starting with `error:`, no backtrace.
fn assert_one_sentence(o: &Output, needle: &str) {
    assert!(!o.status.success());
    let err = stderr(o);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line: {err}");
    assert!(lines[0].starts_with("error: "), "{err}");
    assert!(lines[0].contains(needle), "{needle:?} in {err}");
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
}

#[test]
fn help_lists_the_commands() {
    let o = bin().arg("--help").output().expect("runs");
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    for cmd in ["serve", "migrate", "demo", "reindex"] {
        assert!(out.contains(cmd), "{out}");
    }
    let o = bin().args(["serve", "--help"]).output().expect("runs");
    let out = String::from_utf8_lossy(&o.stdout);
    for flag in [
        "--listen",
        "--data-dir",
        "--database-url",
        "--no-demo",
        "--config",
        "REVISTA_LISTEN",
    ] {
        assert!(out.contains(flag), "{flag} in {out}");
    }
}

#[test]
fn bad_configuration_stops_with_one_sentence() {
    let dir = tmp("badcfg");
    let cfg = dir.join("revista.toml");
    std::fs::write(&cfg, "listen = \"127.0.0.1:1\"\nlisten_port = 3\n").expect("write");
    let o = bin()
        .args(["serve", "--config"])
        .arg(&cfg)
        .output()
        .expect("runs");
    assert_one_sentence(&o, "listen_port");

    let o = bin()
        .args(["serve", "--config"])
        .arg(dir.join("missing.toml"))
        .output()
        .expect("runs");
    assert_one_sentence(&o, "does not exist");

    let o = bin()
        .args(["serve", "--database-url", "mysql://x", "--data-dir"])
        .arg(&dir)
        .output()
        .expect("runs");
    assert_one_sentence(&o, "database URL");

    let o = bin()
        .args(["serve", "--listen", "not-an-address", "--data-dir"])
        .arg(&dir)
        .output()
        .expect("runs");
    assert_one_sentence(&o, "listen address");

    let o = bin()
        .env("REVISTA_LISTEN", "nope")
        .args(["serve", "--data-dir"])
        .arg(&dir)
        .output()
        .expect("runs");
    assert_one_sentence(&o, "listen address");

    let o = bin()
        .env("REVISTA_MEDIA_MAX_BYTES", "10")
        .args(["serve", "--data-dir"])
        .arg(&dir)
        .output()
        .expect("runs");
    assert_one_sentence(&o, "media_max_bytes");

    let o = bin()
        .env("REVISTA_TIMEZONE", "Mars/Olympus")
        .args(["serve", "--data-dir"])
        .arg(&dir)
        .output()
        .expect("runs");
    assert_one_sentence(&o, "not a time zone");

    let file = dir.join("a-file");
    std::fs::write(&file, "x").expect("write");
    let o = bin()
        .args(["migrate", "--data-dir"])
        .arg(&file)
        .output()
        .expect("runs");
    assert_one_sentence(&o, "data directory");

    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    let o = bin()
        .args([
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--data-dir",
        ])
        .arg(&dir)
        .output()
        .expect("runs");
    assert_one_sentence(&o, "cannot listen");

    let o = bin()
        .args([
            "migrate",
            "--database-url",
            "postgres://nobody@127.0.0.1:1/none",
        ])
        .arg("--data-dir")
        .arg(&dir)
        .output()
        .expect("runs");
    assert_one_sentence(&o, "cannot open the database");
}

#[test]
fn migrate_and_demo_commands() {
    let dir = tmp("demo");
    let o = bin()
        .args(["migrate", "--data-dir"])
        .arg(&dir)
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", stderr(&o));
    let latest = store::migration_versions(store::Kind::Sqlite)
        .last()
        .map_or(0, |(v, _)| *v);
    assert!(
        String::from_utf8_lossy(&o.stdout).contains(&format!("database is at migration {latest}")),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let o = bin()
        .args(["demo", "--articles", "40", "--data-dir"])
        .arg(&dir)
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("loaded the demo magazine") && out.contains("added 40 synthetic articles"),
        "{out}"
    );
    let o = bin()
        .args(["reindex", "--data-dir"])
        .arg(&dir)
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    let n: u64 = out
        .split_whitespace()
        .skip_while(|w| *w != "indexed")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("reindex says how many: {out}"));
    assert!(n > 40, "the demo and the synthetic articles: {out}");
    assert!(dir.join("search").join("meta.json").exists());
}

#[test]
fn serves_the_demo_and_shuts_down_gracefully() {
    let dir = tmp("serve");
    let port = free_port();
    let mut child = bin()
        .args([
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--data-dir",
        ])
        .arg(&dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let started = Instant::now();
    let mut ready = false;
    while started.elapsed() < Duration::from_secs(60) {
        if let Some((200, _)) = http_get(port, "/healthz") {
            ready = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(ready, "server answered /healthz");
    let (status, body) = http_get(port, "/en/").expect("home answers");
    assert_eq!(status, 200);
    assert!(
        body.contains("Argumentum"),
        "demo content is loaded on first start"
    );
    assert!(dir.join("revista.db").exists());
    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(kill.success());
    let status = child.wait().expect("exits");
    assert!(status.success(), "clean exit on SIGTERM");
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("read");
    assert!(err.contains("stopped cleanly"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}
