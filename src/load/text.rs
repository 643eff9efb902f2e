//! Bytes to text: the encodings Excel and WPS save CSV in.
//!
//! Input: a file's bytes. Output: its text and the encoding it was read as. UTF-8 with or
//! without a byte-order mark, UTF-16 with a mark, and GBK/GB18030 (what Excel writes on Chinese
//! Windows) are recognised; anything else is refused rather than decoded into mojibake.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

/// The text of a file and the name of the encoding it was decoded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Why a file's bytes are no text, and where, when a line can be named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// The 1-based line of the first bad byte, when the file is damaged UTF-8.
    pub line: Option<u64>,
    pub message: String,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The message alone, for callers that place the problem themselves.
impl From<DecodeError> for String {
    fn from(error: DecodeError) -> String {
        error.message
    }
}

/// The line (1-based) of byte offset `at`.
fn line_at(bytes: &[u8], at: usize) -> u64 {
    bytes[..at.min(bytes.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count() as u64
        + 1
}

/// Decodes a CSV file's bytes.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|text| Decoded {
                text: text.to_string(),
                encoding: "UTF-8 with BOM",
            })
            .map_err(|e| damaged_utf8(rest, e.valid_up_to()));
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return decode_with(UTF_16LE, &bytes[2..], "UTF-16LE");
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return decode_with(UTF_16BE, &bytes[2..], "UTF-16BE");
    }
    let error = match std::str::from_utf8(bytes) {
        Ok(text) => {
            return Ok(Decoded {
                text: text.to_string(),
                encoding: "UTF-8",
            })
        }
        Err(error) => error,
    };
    if looks_like_utf8(bytes) {
        return Err(damaged_utf8(bytes, error.valid_up_to()));
    }
    decode_with(GB18030, bytes, "GBK").map_err(|_| DecodeError {
        line: None,
        message: "the file is neither UTF-8 nor GBK text (save it from Excel as \"CSV UTF-8\")"
            .to_string(),
    })
}

/// Whether bytes that are not valid UTF-8 are still mostly UTF-8: a damaged UTF-8 file, which
/// read as GBK would only give mojibake. Chinese in UTF-8 takes three bytes a character; GBK
/// text seldom forms such sequences, but fails as UTF-8 at nearly every character. (Two-byte
/// sequences prove nothing: 住宅 in GBK is valid UTF-8.)
fn looks_like_utf8(bytes: &[u8]) -> bool {
    let (mut wide, mut damaged) = (0_usize, 0_usize);
    for chunk in bytes.utf8_chunks() {
        wide += chunk.valid().chars().filter(|c| c.len_utf8() >= 3).count();
        // Bad bytes with nothing valid between them are one damaged place.
        let new_place = !chunk.valid().is_empty() || damaged == 0;
        damaged += usize::from(!chunk.invalid().is_empty() && new_place);
    }
    wide > 2 * damaged
}

fn damaged_utf8(bytes: &[u8], at: usize) -> DecodeError {
    DecodeError {
        line: Some(line_at(bytes, at)),
        message: format!(
            "the file is UTF-8 but byte {} is not: it is damaged here (save it again as \"CSV UTF-8\")",
            at + 1
        ),
    }
}

fn decode_with(
    encoding: &'static Encoding,
    bytes: &[u8],
    name: &'static str,
) -> Result<Decoded, DecodeError> {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| Decoded {
            text: text.into_owned(),
            encoding: name,
        })
        .ok_or_else(|| DecodeError {
            line: None,
            message: format!("the file is not valid {name} text"),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_the_utf8_byte_order_mark() {
        let decoded = decode("\u{feff}town,plan\n连州镇,1\n".as_bytes()).unwrap();
        assert_eq!(decoded.text, "town,plan\n连州镇,1\n");
        assert_eq!(decoded.encoding, "UTF-8 with BOM");
    }

    #[test]
    fn reads_gbk_as_excel_on_chinese_windows_writes_it() {
        let (bytes, _, _) = GB18030.encode("town,plan\n连州镇,1\n");
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.text, "town,plan\n连州镇,1\n");
        assert_eq!(decoded.encoding, "GBK");
    }

    #[test]
    fn reads_utf16_with_a_mark() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "a,b\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&bytes).unwrap().text, "a,b\n");
    }

    #[test]
    fn refuses_bytes_that_are_no_known_text() {
        assert!(decode(&[0x81, 0x20, 0xFF, 0xFF]).is_err());
    }

    #[test]
    fn damaged_utf8_is_reported_at_its_line_not_read_as_gbk() {
        let mut bytes = "town,plan\n连州镇,1\n九陂镇,2\n".as_bytes().to_vec();
        bytes[25] = 0xFF;
        let error = decode(&bytes).unwrap_err();
        assert_eq!(error.line, Some(3));
        assert!(error.message.contains("byte 26"), "{}", error.message);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(&bytes);
        assert_eq!(decode(&bom).unwrap_err().line, Some(3));
    }

    #[test]
    fn gbk_that_starts_like_utf8_is_still_gbk() {
        // 住宅 in GBK (D7 A1 D5 AC) is valid two-byte UTF-8.
        let text = "category,tier\n住宅用地,2\n工矿仓储用地,1\n";
        let (bytes, _, _) = GB18030.encode(text);
        assert!(std::str::from_utf8(&bytes[..18]).is_ok());
        assert_eq!(decode(&bytes).unwrap().text, text);
    }
}
