//! The one rule for reading a text file of the project (fiches, `recueil.yaml`,
//! a theme's templates and labels): UTF-8, a leading byte-order mark dropped,
//! Windows (CRLF) and old Mac (CR) line ends read as `\n`.

use crate::load::diagnostics::{Pos, Sink};

/// Where a file stops being UTF-8 (line and column from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotUtf8 {
    pub pos: Pos,
}

/// Decodes the bytes of a text file.
pub fn decode_text(mut bytes: Vec<u8>) -> Result<String, NotUtf8> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(s) if s.contains('\r') => Ok(s.replace("\r\n", "\n").replace('\r', "\n")),
        Ok(s) => Ok(s),
        Err(e) => {
            let bytes = e.as_bytes();
            let good = &bytes[..e.utf8_error().valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let col = String::from_utf8_lossy(&good[line_start..]).chars().count() as u32 + 1;
            Err(NotUtf8 { pos: Pos::new(line, col) })
        }
    }
}

/// The French explanation of [`NotUtf8`] and its hint.
pub const NOT_UTF8: &str =
    "le fichier n'est pas encodé en UTF-8 (probablement en Latin-1 / Windows-1252) : les accents seraient illisibles";
pub const NOT_UTF8_AIDE: &str = "ouvrez-le dans votre éditeur et enregistrez-le en « UTF-8 » (Bloc-notes : Enregistrer sous → Encodage UTF-8 ; LibreOffice : Texte codé → Unicode UTF-8)";

/// [`decode_text`], its problem reported to `sink` at its position.
pub fn decode(bytes: Vec<u8>, sink: &mut Sink) -> Option<String> {
    decode_text(bytes).map_err(|e| sink.error(e.pos, NOT_UTF8, Some(NOT_UTF8_AIDE.into()))).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_line_ends() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFa\r\nb\rc\n".to_vec()).unwrap(), "a\nb\nc\n");
        assert_eq!(decode_text(b"titre: \xE9t\xE9".to_vec()), Err(NotUtf8 { pos: Pos::new(1, 8) }));
        assert_eq!(decode_text(b"a\n\nb\xFF".to_vec()), Err(NotUtf8 { pos: Pos::new(3, 2) }));
    }
}
