//! Images for the PDF: a JPEG goes in as it is (DCTDecode, never decoded); a
//! PNG is decoded row by row and reduced on the way to at most 300 pixels per
//! inch at the largest size it can print, so a huge scan never sits whole in
//! memory; an image is never printed larger than 150 pixels per inch allow.

use printpdf::{RawImage, RawImageData, RawImageFormat};

/// Pixels per inch above which a PNG is reduced.
pub const MAX_PPI: f32 = 300.0;
pub use crate::model::image::MIN_PPI;

/// An image ready to embed.
pub enum PdfImage {
    /// The file's bytes (baseline or progressive JPEG, grey or colour).
    Jpeg {
        data: Vec<u8>,
        width: usize,
        height: usize,
        gray: bool,
    },
    Raw(RawImage),
}

impl PdfImage {
    pub fn size(&self) -> (usize, usize) {
        match self {
            PdfImage::Jpeg { width, height, .. } => (*width, *height),
            PdfImage::Raw(r) => (r.width, r.height),
        }
    }
}

/// Width, height and number of components of a JPEG, from its frame header.
pub fn jpeg_info(b: &[u8]) -> Option<(usize, usize, u8)> {
    if !b.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut i = 2;
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            return None;
        }
        let marker = b[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
        // start of frame (not DHT C4, JPG C8, DAC CC)
        if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            let f = b.get(i + 4..i + 10)?;
            let height = usize::from(u16::from_be_bytes([f[1], f[2]]));
            let width = usize::from(u16::from_be_bytes([f[3], f[4]]));
            return (width > 0 && height > 0).then_some((width, height, f[5]));
        }
        if len < 2 {
            return None;
        }
        i += 2 + len;
    }
    None
}

/// Decodes a PNG, averaging blocks of `k`×`k` pixels (`k` chosen so the
/// width is at most `max_width`), one row at a time.
fn png_reduced(bytes: &[u8], max_width: usize) -> Option<RawImage> {
    let mut dec = png::Decoder::new(std::io::Cursor::new(bytes));
    dec.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = dec.read_info().ok()?;
    let (w, h, interlaced) = {
        let info = reader.info();
        (info.width as usize, info.height as usize, info.interlaced)
    };
    let (colour, _) = reader.output_color_type();
    let (channels, format) = match colour {
        png::ColorType::Grayscale => (1, RawImageFormat::R8),
        png::ColorType::GrayscaleAlpha => (2, RawImageFormat::RG8),
        png::ColorType::Rgb | png::ColorType::Indexed => (3, RawImageFormat::RGB8),
        png::ColorType::Rgba => (4, RawImageFormat::RGBA8),
    };
    let k = w.div_ceil(max_width.max(1)).max(1);
    if interlaced || k == 1 {
        // small or interlaced: whole (an interlaced image comes in passes)
        if w.saturating_mul(h).saturating_mul(channels) > 64 << 20 {
            return None;
        }
        let mut buf = vec![0; reader.output_buffer_size()?];
        let frame = reader.next_frame(&mut buf).ok()?;
        buf.truncate(frame.buffer_size());
        return Some(RawImage { pixels: RawImageData::U8(buf), width: w, height: h, data_format: format, tag: Vec::new() });
    }
    let (ow, oh) = (w.div_ceil(k), h.div_ceil(k));
    let mut out = Vec::with_capacity(ow * oh * channels);
    let mut acc = vec![0u32; ow * channels];
    let mut rows = 0u32;
    for y in 0..h {
        let row = reader.next_row().ok()??;
        for (x, px) in row.data().chunks_exact(channels).enumerate().take(w) {
            let o = x / k * channels;
            for c in 0..channels {
                acc[o + c] += u32::from(px[c]);
            }
        }
        rows += 1;
        if rows as usize == k || y + 1 == h {
            for ox in 0..ow {
                let cols = (w - ox * k).min(k) as u32;
                let n = cols * rows;
                for c in 0..channels {
                    let i = ox * channels + c;
                    out.push(((acc[i] + n / 2) / n) as u8);
                    acc[i] = 0;
                }
            }
            rows = 0;
        }
    }
    Some(RawImage { pixels: RawImageData::U8(out), width: ow, height: oh, data_format: format, tag: Vec::new() })
}

/// Reads an image to print at most `max_width_pt` wide.
pub fn load(bytes: &[u8], max_width_pt: f32) -> Option<PdfImage> {
    if let Some((width, height, components)) = jpeg_info(bytes)
        && matches!(components, 1 | 3)
    {
        return Some(PdfImage::Jpeg { data: bytes.to_vec(), width, height, gray: components == 1 });
    }
    if bytes.starts_with(b"\x89PNG") {
        let max_px = (max_width_pt / 72.0 * MAX_PPI).ceil() as usize;
        return png_reduced(bytes, max_px).map(PdfImage::Raw);
    }
    let mut warnings = Vec::new();
    RawImage::decode_from_bytes(bytes, &mut warnings).ok().filter(|i| i.width > 0 && i.height > 0).map(PdfImage::Raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        let mut writer = enc.write_header().expect("header");
        let data: Vec<u8> = (0..w * h * 3).map(|i| (i % 251) as u8).collect();
        writer.write_image_data(&data).expect("data");
        drop(writer);
        out
    }

    #[test]
    fn a_big_png_is_reduced_to_300_ppi_of_its_printed_size() {
        // 3000 pixels for 345 points (4.8 inches): at most 1438 pixels
        let img = load(&png(3000, 1000), 345.0).expect("png");
        let (w, h) = img.size();
        assert!((1000..=1438).contains(&w), "{w}");
        assert_eq!(h, 1000usize.div_ceil(3000usize.div_ceil(1438)));
        // a small one is kept as it is
        assert_eq!(load(&png(400, 300), 345.0).expect("png").size(), (400, 300));
    }

    #[test]
    fn a_jpeg_is_kept_as_it_is() {
        let mut jpeg = Vec::new();
        let rgb = image::RgbImage::from_fn(64, 32, |x, y| image::Rgb([x as u8, y as u8, 7]));
        image::DynamicImage::ImageRgb8(rgb).write_to(&mut std::io::Cursor::new(&mut jpeg), image::ImageFormat::Jpeg).expect("jpeg");
        assert_eq!(jpeg_info(&jpeg), Some((64, 32, 3)));
        match load(&jpeg, 345.0) {
            Some(PdfImage::Jpeg { data, width: 64, height: 32, gray: false }) => assert_eq!(data, jpeg),
            _ => panic!("not kept as a JPEG"),
        }
        assert_eq!(jpeg_info(b"\xFF\xD8\xFF"), None);
        assert_eq!(jpeg_info(b"GIF89a"), None);
    }
}
