//! The image pipeline of the media library: an upload is decoded (which proves it is an
//! image of an accepted format), turned upright from its EXIF orientation, and re-encoded
//! at a few widths as WebP (lossy, libwebp) and JPEG. Re-encoding keeps pixels only, so EXIF
//! (camera, GPS position), XMP and ICC metadata do not survive; the original is not kept.
//! Everything here is synchronous and CPU-bound: callers run it on a blocking thread.
//!
//! Files go under the media directory as `u/YYYY/MM/<random>-<width>.<ext>`.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use domain::Rendition;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, RgbImage, RgbaImage};

/// Widths rendered for every image (narrower originals get their own width instead of the
/// ones above it: images are never enlarged).
pub const WIDTHS: [u32; 3] = [480, 960, 1600];
/// Largest accepted width or height, in pixels.
pub const MAX_SIDE: u32 = 12_000;
/// Largest accepted number of pixels (a 48-megapixel phone photo is 48 million).
pub const MAX_PIXELS: u64 = 64_000_000;
/// Most memory a decoder may allocate: enough for `MAX_PIXELS` of RGB plus working space.
const MAX_ALLOC: u64 = 400 * 1024 * 1024;
/// JPEG quality (libjpeg scale). 82 is visually clean for photos at these widths.
const JPEG_QUALITY: u8 = 82;
/// WebP quality (libwebp scale); at 78 WebP files are about a third smaller than the JPEGs.
const WEBP_QUALITY: f32 = 78.0;

/// Why an upload was refused or could not be processed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Not JPEG, PNG, WebP or GIF by its first bytes.
    #[error("the file is not a JPEG, PNG, WebP or GIF image")]
    NotAnImage,
    /// The header names a picture larger than the limits (a decompression bomb, or simply
    /// too big to process).
    #[error("the image is too large ({width}×{height} pixels)")]
    TooManyPixels { width: u32, height: u32 },
    /// It claimed to be an image but could not be decoded.
    #[error("the image could not be read: {0}")]
    Corrupt(String),
    /// Encoding failed (should not happen for valid pixels).
    #[error("the image could not be encoded: {0}")]
    Encode(String),
    /// Writing or removing files failed.
    #[error("media file error at {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// The format an upload was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    Jpeg,
    Png,
    WebP,
    Gif,
}

impl SourceFormat {
    /// Recognises a format by the file's first bytes (never by name or declared type).
    pub fn sniff(bytes: &[u8]) -> Option<SourceFormat> {
        match image::guess_format(bytes).ok()? {
            ImageFormat::Jpeg => Some(SourceFormat::Jpeg),
            ImageFormat::Png => Some(SourceFormat::Png),
            ImageFormat::WebP => Some(SourceFormat::WebP),
            ImageFormat::Gif => Some(SourceFormat::Gif),
            _ => None,
        }
    }

    /// The MIME type of the format.
    pub fn mime(self) -> &'static str {
        match self {
            SourceFormat::Jpeg => "image/jpeg",
            SourceFormat::Png => "image/png",
            SourceFormat::WebP => "image/webp",
            SourceFormat::Gif => "image/gif",
        }
    }

    fn image_format(self) -> ImageFormat {
        match self {
            SourceFormat::Jpeg => ImageFormat::Jpeg,
            SourceFormat::Png => ImageFormat::Png,
            SourceFormat::WebP => ImageFormat::WebP,
            SourceFormat::Gif => ImageFormat::Gif,
        }
    }
}

/// One encoded size of an image, not yet stored.
#[derive(Debug, Clone)]
pub struct Encoded {
    pub width: u32,
    pub height: u32,
    /// `image/webp` or `image/jpeg`.
    pub mime: &'static str,
    /// `webp` or `jpg`.
    pub ext: &'static str,
    pub bytes: Vec<u8>,
}

/// A processed upload: its upright size, format, colour and renditions.
#[derive(Debug, Clone)]
pub struct Processed {
    pub format: SourceFormat,
    /// Size after turning upright.
    pub width: u32,
    pub height: u32,
    /// The average colour, `#rrggbb`: the placeholder pages show while the image loads.
    pub dominant_color: String,
    /// A tiny blurred copy as a `data:` URL, shown while the picture loads.
    pub placeholder: String,
    /// WebP and JPEG for each width, narrowest first.
    pub renditions: Vec<Encoded>,
}

/// The widths to render for an image `width` pixels wide: the standard widths below it, plus
/// its own width when it is narrower than the widest standard one.
pub fn widths_for(width: u32) -> Vec<u32> {
    let mut out: Vec<u32> = WIDTHS.iter().copied().filter(|w| *w < width).collect();
    let widest = WIDTHS[WIDTHS.len() - 1];
    if width <= widest {
        out.push(width);
    }
    out
}

/// Decodes `bytes` within the limits and returns the upright picture and its format.
pub fn decode(bytes: &[u8]) -> Result<(DynamicImage, SourceFormat), Error> {
    let format = SourceFormat::sniff(bytes).ok_or(Error::NotAnImage)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.image_format());
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(refusal)?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Error::TooManyPixels { width, height });
    }
    // An unreadable orientation tag is not worth refusing the picture over.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(refusal)?;
    img.apply_orientation(orientation);
    Ok((img, format))
}

fn refusal(e: image::ImageError) -> Error {
    match e {
        image::ImageError::Limits(_) => Error::TooManyPixels {
            width: 0,
            height: 0,
        },
        image::ImageError::Unsupported(_) => Error::NotAnImage,
        other => Error::Corrupt(other.to_string()),
    }
}

/// Decodes, checks and renders an upload (see the module documentation).
pub fn process(bytes: &[u8]) -> Result<Processed, Error> {
    let (img, format) = decode(bytes)?;
    let (width, height) = (img.width(), img.height());
    let has_alpha = img.color().has_alpha();
    // Work in 8-bit RGBA: 16-bit PNGs and greyscale become ordinary pixels.
    let rgba = img.into_rgba8();
    let mut renditions = Vec::new();
    // Widest first, each smaller size from the previous one: three passes over a 12-megapixel
    // source cost three times one.
    let mut targets = widths_for(width);
    targets.reverse();
    let mut current: Option<RgbaImage> = None;
    let mut scaled = Vec::new();
    for w in targets {
        let h = scaled_height(width, height, w);
        let from = current.as_ref().unwrap_or(&rgba);
        let next = if from.width() == w && from.height() == h {
            from.clone()
        } else {
            image::imageops::resize(from, w, h, FilterType::CatmullRom)
        };
        scaled.push(next.clone());
        current = Some(next);
    }
    scaled.reverse();
    for img in &scaled {
        renditions.push(encode_webp(img, has_alpha)?);
        renditions.push(encode_jpeg(img)?);
    }
    let smallest = scaled.first().unwrap_or(&rgba);
    Ok(Processed {
        format,
        width,
        height,
        dominant_color: average_color(smallest),
        placeholder: placeholder(smallest)?,
        renditions,
    })
}

/// The height of a `to_width`-wide copy of a `width`×`height` picture (at least 1).
pub fn scaled_height(width: u32, height: u32, to_width: u32) -> u32 {
    let h = (u64::from(height) * u64::from(to_width) + u64::from(width) / 2) / u64::from(width);
    u32::try_from(h.max(1)).unwrap_or(u32::MAX)
}

/// Flattens transparency onto white (JPEG has no alpha).
fn flatten(img: &RgbaImage) -> RgbImage {
    RgbImage::from_fn(img.width(), img.height(), |x, y| {
        let [r, g, b, a] = img.get_pixel(x, y).0;
        let a = u16::from(a);
        let mix = |c: u8| u8::try_from((u16::from(c) * a + 255 * (255 - a)) / 255).unwrap_or(255);
        image::Rgb([mix(r), mix(g), mix(b)])
    })
}

fn encode_jpeg(img: &RgbaImage) -> Result<Encoded, Error> {
    let rgb = flatten(img);
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode_image(&rgb)
        .map_err(|e| Error::Encode(e.to_string()))?;
    Ok(Encoded {
        width: img.width(),
        height: img.height(),
        mime: "image/jpeg",
        ext: "jpg",
        bytes: out,
    })
}

fn encode_webp(img: &RgbaImage, has_alpha: bool) -> Result<Encoded, Error> {
    let memory = if has_alpha {
        webp::Encoder::from_rgba(img.as_raw(), img.width(), img.height())
            .encode_simple(false, WEBP_QUALITY)
    } else {
        let rgb = flatten(img);
        webp::Encoder::from_rgb(rgb.as_raw(), img.width(), img.height())
            .encode_simple(false, WEBP_QUALITY)
    }
    .map_err(|e| Error::Encode(format!("{e:?}")))?;
    Ok(Encoded {
        width: img.width(),
        height: img.height(),
        mime: "image/webp",
        ext: "webp",
        bytes: memory.to_vec(),
    })
}

/// Longer side of the blur placeholder, in pixels: stretched over the picture's box by the
/// browser, a copy this small is a soft blur of its colours and shapes.
pub const PLACEHOLDER_SIDE: u32 = 16;
/// Prefix of every placeholder.
pub const PLACEHOLDER_PREFIX: &str = "data:image/webp;base64,";

/// The blur placeholder of a picture: a WebP of the same proportions that fits in
/// `PLACEHOLDER_SIDE` pixels, as a `data:` URL of a few hundred bytes the page carries
/// inline.
pub fn placeholder(img: &RgbaImage) -> Result<String, Error> {
    use base64::Engine as _;
    let (iw, ih) = (img.width().max(1), img.height().max(1));
    let (w, h) = if iw >= ih {
        let w = PLACEHOLDER_SIDE.min(iw);
        (w, scaled_height(iw, ih, w))
    } else {
        let h = PLACEHOLDER_SIDE.min(ih);
        (scaled_height(ih, iw, h), h)
    };
    let tiny = image::imageops::resize(img, w, h, FilterType::Triangle);
    let rgb = flatten(&tiny);
    let memory = webp::Encoder::from_rgb(rgb.as_raw(), w, h)
        .encode_simple(false, 40.0)
        .map_err(|e| Error::Encode(format!("{e:?}")))?;
    let mut out = String::from(PLACEHOLDER_PREFIX);
    base64::engine::general_purpose::STANDARD.encode_string(&*memory, &mut out);
    Ok(out)
}

/// The blur placeholder of an image file already rendered (demo pictures).
pub fn placeholder_of(bytes: &[u8]) -> Result<String, Error> {
    let (img, _) = decode(bytes)?;
    placeholder(&img.into_rgba8())
}

/// The mean colour of the picture, as `#rrggbb`.
pub fn average_color(img: &RgbaImage) -> String {
    let (mut r, mut g, mut b, mut n) = (0u64, 0u64, 0u64, 0u64);
    for p in img.pixels() {
        let [pr, pg, pb, a] = p.0;
        let a = u64::from(a);
        // Transparent pixels count as white, as on the page's background.
        r += (u64::from(pr) * a + 255 * (255 - a)) / 255;
        g += (u64::from(pg) * a + 255 * (255 - a)) / 255;
        b += (u64::from(pb) * a + 255 * (255 - a)) / 255;
        n += 1;
    }
    let n = n.max(1);
    format!("#{:02x}{:02x}{:02x}", r / n, g / n, b / n)
}

/// A random file stem for an upload (64 bits, hex).
pub fn random_stem() -> Result<String, Error> {
    let mut buf = [0u8; 8];
    getrandom::fill(&mut buf).map_err(|e| Error::Io {
        path: PathBuf::new(),
        source: std::io::Error::other(e.to_string()),
    })?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

/// Writes the renditions under `media_dir` as `{prefix}-{width}.{ext}` (prefix like
/// `u/2026/11/0a1b2c3d4e5f6071`) and describes them. On failure the files already written
/// are removed, so nothing is left behind.
pub fn store(media_dir: &Path, prefix: &str, p: &Processed) -> Result<Vec<Rendition>, Error> {
    let mut written: Vec<String> = Vec::new();
    let result = (|| {
        let mut out = Vec::new();
        for r in &p.renditions {
            let rel = format!("{prefix}-{}.{}", r.width, r.ext);
            let full = media_dir.join(&rel);
            if let Some(dir) = full.parent() {
                std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                    path: dir.to_owned(),
                    source,
                })?;
            }
            std::fs::write(&full, &r.bytes).map_err(|source| Error::Io {
                path: full.clone(),
                source,
            })?;
            written.push(rel.clone());
            out.push(Rendition {
                width: r.width,
                height: r.height,
                mime: r.mime.to_owned(),
                path: rel,
            });
        }
        Ok(out)
    })();
    if result.is_err() {
        remove(media_dir, written.iter().map(String::as_str));
    }
    result
}

/// Removes stored files (relative paths under `media_dir`); files already gone are fine,
/// other failures are logged. Paths that could leave the directory are ignored.
pub fn remove<'a>(media_dir: &Path, paths: impl IntoIterator<Item = &'a str>) {
    for rel in paths {
        if rel.is_empty()
            || rel.starts_with('/')
            || rel.split('/').any(|s| s == ".." || s.is_empty())
        {
            tracing::warn!(
                path = rel,
                "refused to remove a media path outside the media directory"
            );
            continue;
        }
        let full = media_dir.join(rel);
        match std::fs::remove_file(&full) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                tracing::warn!(path = %full.display(), error = %e, "could not remove a media file")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let img = RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        });
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .expect("png encodes");
        out
    }

    #[test]
    fn the_placeholder_is_a_tiny_webp_of_the_same_shape() {
        use base64::Engine as _;
        for (w, h, want) in [(1000, 500, (16, 8)), (300, 900, (5, 16)), (7, 3, (7, 3))] {
            let p = placeholder_of(&png(w, h)).expect("placeholder");
            let b64 = p.strip_prefix(PLACEHOLDER_PREFIX).expect("a WebP data URL");
            assert!(p.len() < 600, "a few hundred bytes: {}", p.len());
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(b64)
                .expect("base64");
            let (img, format) = decode(&bytes).expect("decodes");
            assert_eq!(format, SourceFormat::WebP);
            assert_eq!((img.width(), img.height()), want);
        }
        let p = process(&png(1000, 500)).expect("processes");
        assert!(p.placeholder.starts_with(PLACEHOLDER_PREFIX));
    }

    #[test]
    fn widths_never_enlarge() {
        assert_eq!(widths_for(3000), [480, 960, 1600]);
        assert_eq!(widths_for(1600), [480, 960, 1600]);
        assert_eq!(widths_for(1200), [480, 960, 1200]);
        assert_eq!(widths_for(480), [480]);
        assert_eq!(widths_for(100), [100]);
        assert_eq!(scaled_height(4000, 3000, 480), 360);
        assert_eq!(scaled_height(4000, 1, 480), 1);
    }

    #[test]
    fn a_png_becomes_webp_and_jpeg_renditions() {
        let p = process(&png(1000, 500)).expect("processes");
        assert_eq!(p.format, SourceFormat::Png);
        assert_eq!((p.width, p.height), (1000, 500));
        let sizes: Vec<(u32, u32, &str)> = p
            .renditions
            .iter()
            .map(|r| (r.width, r.height, r.mime))
            .collect();
        assert_eq!(
            sizes,
            [
                (480, 240, "image/webp"),
                (480, 240, "image/jpeg"),
                (960, 480, "image/webp"),
                (960, 480, "image/jpeg"),
                (1000, 500, "image/webp"),
                (1000, 500, "image/jpeg"),
            ]
        );
        for r in &p.renditions {
            let back = image::load_from_memory(&r.bytes).expect("rendition decodes");
            assert_eq!((back.width(), back.height()), (r.width, r.height));
        }
        assert!(p.dominant_color.starts_with('#') && p.dominant_color.len() == 7);
    }

    /// A JPEG whose EXIF says "rotate 90° clockwise to view" (orientation 6).
    fn sideways_jpeg(width: u32, height: u32) -> Vec<u8> {
        use image::ImageEncoder;
        let img = RgbImage::from_pixel(width, height, image::Rgb([200, 30, 30]));
        // Big-endian TIFF header, one IFD entry: Orientation (0x0112), SHORT, 1, value 6.
        let exif = [
            b'M', b'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0,
            0,
        ];
        let mut out = Vec::new();
        let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90);
        enc.set_exif_metadata(exif.to_vec()).expect("exif accepted");
        enc.write_image(img.as_raw(), width, height, image::ExtendedColorType::Rgb8)
            .expect("jpeg encodes");
        out
    }

    #[test]
    fn exif_orientation_is_applied_and_metadata_dropped() {
        let src = sideways_jpeg(600, 300);
        assert!(src.windows(4).any(|w| w == b"Exif"));
        let p = process(&src).expect("processes");
        assert_eq!(p.format, SourceFormat::Jpeg);
        assert_eq!((p.width, p.height), (300, 600));
        assert_eq!(p.renditions.len(), 2);
        for r in &p.renditions {
            assert_eq!((r.width, r.height), (300, 600));
            assert!(!r.bytes.windows(4).any(|w| w == b"Exif"), "{}", r.mime);
        }
    }

    #[test]
    fn non_images_are_refused() {
        assert!(matches!(process(b"hello, world"), Err(Error::NotAnImage)));
        assert!(matches!(
            process(b"%PDF-1.7\n1 0 obj"),
            Err(Error::NotAnImage)
        ));
        // The right magic and nothing after it.
        assert!(matches!(
            process(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(Error::Corrupt(_))
        ));
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for b in bytes {
            crc ^= u32::from(*b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn a_huge_header_is_refused_before_decoding() {
        // A valid PNG header claiming 11000×11000 pixels (121 megapixels), with no data.
        let mut img = png(1, 1);
        img[16..20].copy_from_slice(&11_000u32.to_be_bytes());
        img[20..24].copy_from_slice(&11_000u32.to_be_bytes());
        let crc = crc32(&img[12..29]);
        img[29..33].copy_from_slice(&crc.to_be_bytes());
        assert!(matches!(process(&img), Err(Error::TooManyPixels { .. })));
    }

    #[test]
    fn transparency_is_flattened_onto_white() {
        let img = RgbaImage::from_pixel(4, 4, image::Rgba([0, 0, 0, 0]));
        assert_eq!(average_color(&img), "#ffffff");
        assert_eq!(flatten(&img).get_pixel(0, 0).0, [255, 255, 255]);
    }
}
