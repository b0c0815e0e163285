//! Measures the pipeline on a 12-megapixel JPEG: time to process, and the sizes of the WebP
//! (lossy) and JPEG renditions, with lossless WebP for comparison.
//!
//! `cargo run --release -p revista-media --example measure -- [PHOTO.jpg]`. Without a photo,
//! one is made from a demo image enlarged to 4000×3000 with film-grain noise (photos from a
//! camera have more fine detail than an enlarged picture, so real files compress less).

use std::io::Cursor;
use std::time::Instant;

use image::{DynamicImage, ImageFormat, RgbImage};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let input = match std::env::args().nth(1) {
        Some(path) => std::fs::read(path)?,
        None => {
            let demo = concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../demo/media/bridge-1600.jpg"
            );
            let base = image::open(demo)?.into_rgb8();
            let big =
                image::imageops::resize(&base, 4000, 3000, image::imageops::FilterType::Triangle);
            let mut seed = 0x2545_f491_u32;
            let noisy = RgbImage::from_fn(4000, 3000, |x, y| {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                let n = i16::from((seed % 17) as u8) - 8;
                let p = big.get_pixel(x, y).0;
                let c = |v: u8| (i16::from(v) + n).clamp(0, 255) as u8;
                image::Rgb([c(p[0]), c(p[1]), c(p[2])])
            });
            let mut out = Vec::new();
            DynamicImage::ImageRgb8(noisy)
                .write_to(&mut Cursor::new(&mut out), ImageFormat::Jpeg)?;
            out
        }
    };
    println!("input: {} bytes", input.len());
    for run in 0..3 {
        let t = Instant::now();
        let p = media::process(&input)?;
        let ms = t.elapsed().as_millis();
        if run == 0 {
            println!("{}x{} {:?}", p.width, p.height, p.format);
            for r in &p.renditions {
                println!(
                    "  {:>4}x{:<4} {:<10} {:>8} bytes",
                    r.width,
                    r.height,
                    r.mime,
                    r.bytes.len()
                );
            }
            let widest = p
                .renditions
                .iter()
                .filter(|r| r.mime == "image/jpeg")
                .max_by_key(|r| r.width);
            if let Some(r) = widest {
                let img = image::load_from_memory(&r.bytes)?.into_rgb8();
                let mut out = Vec::new();
                image::codecs::webp::WebPEncoder::new_lossless(&mut out).encode(
                    img.as_raw(),
                    img.width(),
                    img.height(),
                    image::ExtendedColorType::Rgb8,
                )?;
                println!("  lossless WebP at {} wide: {} bytes", r.width, out.len());
            }
        }
        println!("run {run}: {ms} ms");
    }
    Ok(())
}
