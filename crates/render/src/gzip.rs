//! Gzip for pages compressed for one response, with a part every page of a language shares
//! (the section menu) compressed once, when it is rendered.
//!
//! A deflate stream is a sequence of blocks, and one compressed with a sync flush ends on a
//! byte boundary with the window free to start again: a piece compressed alone that way can
//! be copied into any stream at a block boundary, as long as what follows it is compressed
//! afresh (it may not refer back past the piece, whose bytes its compressor never saw).
//! The gzip trailer takes the CRC-32 and length of the whole page. This is written by hand:
//! `flate2` compresses streams but has no way to splice stored deflate blocks into one.

use flate2::{Compress, Compression, Crc, FlushCompress, Status};

/// The gzip member header: deflate, no name or time, unknown OS (as `flate2` writes it).
const HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

/// A piece of HTML with its deflate blocks, to be spliced into the gzip of the pages that
/// hold it.
#[derive(Debug, Clone, Default)]
pub struct Piece {
    text: String,
    deflate: Vec<u8>,
}

impl Piece {
    /// Compresses `text` once, as well as deflate can.
    pub fn new(text: String) -> Piece {
        let mut c = Compress::new(Compression::best(), false);
        let mut deflate = Vec::with_capacity(text.len() / 4 + 64);
        deflate_into(&mut c, text.as_bytes(), &mut deflate, false);
        Piece { text, deflate }
    }

    pub fn text(&self) -> &str {
        &self.text
    }
}

/// Gzip of `data` at level 1, with each of `pieces` that `data` holds (in this order, one
/// after the other) copied in already compressed. A piece `data` does not hold is
/// compressed with the rest.
pub fn gzip_with_pieces(data: &[u8], pieces: &[&Piece]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 3 + HEADER.len() + 8);
    out.extend_from_slice(&HEADER);
    let mut c = Compress::new(Compression::fast(), false);
    let mut at = 0;
    for piece in pieces {
        let needle = piece.text.as_bytes();
        if needle.is_empty() {
            continue;
        }
        let Some(i) = find(&data[at..], needle) else {
            continue;
        };
        deflate_into(&mut c, &data[at..at + i], &mut out, false);
        out.extend_from_slice(&piece.deflate);
        c.reset();
        at += i + needle.len();
    }
    deflate_into(&mut c, &data[at..], &mut out, true);
    let mut crc = Crc::new();
    crc.update(data);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    // ISIZE: the length modulo 2^32.
    let size = u32::try_from(data.len() & 0xffff_ffff).unwrap_or(0);
    out.extend_from_slice(&size.to_le_bytes());
    out
}

/// Where `needle` first occurs in `haystack`. Pieces are long (13 kB for a menu), and a
/// substring search prepares its needle first, which for one that long costs more than
/// compressing the page: this looks for its first bytes, then compares the rest.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let head = &needle[..needle.len().min(64)];
    let finder = memchr::memmem::Finder::new(head);
    let mut from = 0;
    while let Some(i) = finder.find(&haystack[from..]) {
        let at = from + i;
        if haystack[at..].starts_with(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Compresses all of `input` into `out`: ending the stream (`finish`) or with a sync flush,
/// which leaves the output on a byte boundary.
fn deflate_into(c: &mut Compress, mut input: &[u8], out: &mut Vec<u8>, finish: bool) {
    let flush = if finish {
        FlushCompress::Finish
    } else {
        FlushCompress::Sync
    };
    loop {
        out.reserve(input.len() / 2 + 64);
        let before = c.total_in();
        let status = c
            .compress_vec(input, out, flush)
            .expect("deflate into memory cannot fail");
        let used = usize::try_from(c.total_in() - before).unwrap_or(input.len());
        input = &input[used.min(input.len())..];
        let room_left = out.len() < out.capacity();
        match status {
            Status::StreamEnd => return,
            // A flush is complete once it returns with output space to spare.
            Status::Ok | Status::BufError if !finish && input.is_empty() && room_left => return,
            Status::Ok | Status::BufError => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn gunzip(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(data)
            .read_to_end(&mut out)
            .expect("valid gzip");
        out
    }

    /// Text that repeats itself at short and long distances, as HTML does.
    fn page_text(seed: usize, len: usize) -> String {
        let words = [
            "<li><a href=\"/sq/",
            "lajme",
            "\">",
            "Ballkani",
            "</a></li>",
            "ë",
            "\n",
        ];
        let mut s = String::new();
        let mut i = seed;
        while s.len() < len {
            s.push_str(words[i % words.len()]);
            s.push_str(&(i % 97).to_string());
            i = i.wrapping_mul(31).wrapping_add(7);
        }
        s
    }

    #[test]
    fn spliced_pieces_decompress_to_the_page() {
        let nav = Piece::new(page_text(1, 13_000));
        let footer = Piece::new(page_text(2, 2_600));
        let head = page_text(3, 4_000);
        let body = page_text(4, 40_000);
        let cases: Vec<(String, Vec<&Piece>)> = vec![
            // Both pieces, with text around them.
            (
                format!("{head}{}{body}{}<p>end</p>", nav.text(), footer.text()),
                vec![&nav, &footer],
            ),
            // A piece at the very start and one at the very end.
            (
                format!("{}{body}{}", nav.text(), footer.text()),
                vec![&nav, &footer],
            ),
            // Two pieces next to each other.
            (
                format!("{head}{}{}", nav.text(), footer.text()),
                vec![&nav, &footer],
            ),
            // A piece the page does not hold, and pieces out of order (the later one is
            // then compressed with the rest).
            (
                format!("{head}{}{body}", footer.text()),
                vec![&nav, &footer],
            ),
            (
                format!("{head}{}{body}{}", footer.text(), nav.text()),
                vec![&nav, &footer],
            ),
            // No pieces, and an empty page.
            (body.clone(), vec![]),
            (String::new(), vec![&nav]),
        ];
        for (page, pieces) in cases {
            let gz = gzip_with_pieces(page.as_bytes(), &pieces);
            assert_eq!(gunzip(&gz), page.as_bytes(), "{} bytes", page.len());
        }
    }

    #[test]
    fn a_spliced_piece_is_copied_not_compressed_again() {
        let nav = Piece::new(page_text(1, 13_000));
        let page = format!("<header>{}</header><main>x</main>", nav.text());
        let gz = gzip_with_pieces(page.as_bytes(), &[&nav]);
        assert!(
            gz.windows(nav.deflate.len()).any(|w| w == nav.deflate),
            "the piece's own blocks are in the stream"
        );
        assert_eq!(gunzip(&gz), page.as_bytes());
    }
}
