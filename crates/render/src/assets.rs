//! Static assets (CSS, JS, fonts, icons) compiled into the binary, named by content hash,
//! compressed once at start-up, and served as immutable.

use std::collections::HashMap;
use std::io::Write;

use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "../../assets"]
struct Embedded;

/// One asset with its compressed forms.
#[derive(Debug, Clone)]
pub struct Asset {
    pub content_type: &'static str,
    pub identity: Vec<u8>,
    pub gzip: Option<Vec<u8>>,
    pub brotli: Option<Vec<u8>>,
    pub etag: String,
}

/// Every asset by hashed name, and the manifest from logical to hashed names.
#[derive(Debug, Clone, Default)]
pub struct Assets {
    by_hashed: HashMap<String, Asset>,
    manifest: HashMap<String, String>,
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or("") {
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "webmanifest" => "application/manifest+json",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn compressible(ct: &str) -> bool {
    ct.starts_with("text/") || ct.contains("svg") || ct.contains("json")
}

/// Brotli at a quality that suits compressing once and serving many times.
pub fn brotli(data: &[u8], quality: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 3);
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, quality, 22);
        w.write_all(data).expect("writing to a Vec cannot fail");
    }
    out
}

/// Gzip at the default level.
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut w = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    w.write_all(data).expect("writing to a Vec cannot fail");
    w.finish().expect("finishing a Vec cannot fail")
}

impl Assets {
    /// Loads, hashes and compresses every embedded asset.
    pub fn load() -> Assets {
        let mut a = Assets::default();
        for name in Embedded::iter() {
            let Some(file) = Embedded::get(&name) else {
                continue;
            };
            let data = file.data.into_owned();
            let hash = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&data));
            let short = &hash[..10];
            let hashed = match name.rsplit_once('.') {
                Some((stem, ext)) => format!("{stem}.{short}.{ext}"),
                None => format!("{name}.{short}"),
            };
            let ct = content_type(&name);
            let (gz, br) = if compressible(ct) && data.len() > 256 {
                (Some(gzip(&data)), Some(brotli(&data, 11)))
            } else {
                (None, None)
            };
            a.manifest.insert(name.to_string(), hashed.clone());
            a.by_hashed.insert(
                hashed,
                Asset {
                    content_type: ct,
                    identity: data,
                    gzip: gz,
                    brotli: br,
                    etag: format!("\"{hash}\""),
                },
            );
        }
        a
    }

    /// The URL of a logical asset name (`site.css` → `/assets/site.0123456789.css`).
    pub fn url(&self, name: &str) -> String {
        match self.manifest.get(name) {
            Some(h) => format!("/assets/{h}"),
            None => format!("/assets/{name}"),
        }
    }

    /// An asset by its hashed name.
    pub fn get(&self, hashed: &str) -> Option<&Asset> {
        self.by_hashed.get(hashed)
    }

    /// The raw bytes of a logical asset (for inlining or tests).
    pub fn logical(&self, name: &str) -> Option<&Asset> {
        self.manifest.get(name).and_then(|h| self.by_hashed.get(h))
    }
}
