//! Static assets (CSS, JS, fonts, icons) compiled into the binary, named by content hash,
//! compressed once at start-up, and served as immutable. An asset with `NAME.br` / `NAME.gz`
//! beside it (the bundled editor, which is large enough that brotli at quality 11 would take
//! seconds at every start) uses those instead; a test checks they match the file.

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

/// Gzip at level 1: for what is compressed for one response only.
pub fn gzip_fast(data: &[u8]) -> Vec<u8> {
    let mut w = flate2::write::GzEncoder::new(
        Vec::with_capacity(data.len() / 3),
        flate2::Compression::fast(),
    );
    w.write_all(data).expect("writing to a Vec cannot fail");
    w.finish().expect("finishing a Vec cannot fail")
}

/// `X.br` and `X.gz` are compressed forms of `X`, not assets of their own.
fn is_precompressed(name: &str) -> bool {
    name.ends_with(".br") || name.ends_with(".gz")
}

impl Assets {
    /// Loads, hashes and compresses every embedded asset.
    pub fn load() -> Assets {
        let mut a = Assets::default();
        for name in Embedded::iter() {
            if is_precompressed(&name) {
                continue;
            }
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
                let sibling = |ext: &str| {
                    Embedded::get(&format!("{name}.{ext}")).map(|f| f.data.into_owned())
                };
                (
                    Some(sibling("gz").unwrap_or_else(|| gzip(&data))),
                    Some(sibling("br").unwrap_or_else(|| brotli(&data, 11))),
                )
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

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn precompressed_siblings_match_their_files() {
        let mut checked = 0;
        for name in Embedded::iter().filter(|n| is_precompressed(n)) {
            let (base, ext) = name.rsplit_once('.').expect("has an extension");
            let original = Embedded::get(base)
                .unwrap_or_else(|| panic!("{name} has no {base} beside it"))
                .data;
            let packed = Embedded::get(&name).expect("listed").data;
            let mut out = Vec::new();
            if ext == "br" {
                brotli::Decompressor::new(&packed[..], 4096)
                    .read_to_end(&mut out)
                    .expect("valid brotli");
            } else {
                flate2::read::GzDecoder::new(&packed[..])
                    .read_to_end(&mut out)
                    .expect("valid gzip");
            }
            assert!(
                out == original[..],
                "{name} is stale: rebuild (tools/editor: npm run build)"
            );
            checked += 1;
        }
        let assets = Assets::load();
        let editor = assets.logical("editor.js").expect("the editor is an asset");
        assert!(editor.brotli.is_some() && editor.gzip.is_some());
        assert!(assets.logical("editor.js.br").is_none());
        assert!(assets.url("editor.css").starts_with("/assets/editor."));
        assert!(checked >= 2);
    }
}
