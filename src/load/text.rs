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

/// Decodes a CSV file's bytes.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|text| Decoded {
                text: text.to_string(),
                encoding: "UTF-8 with BOM",
            })
            .map_err(|e| {
                format!(
                    "invalid UTF-8 after the byte-order mark at byte {}",
                    e.valid_up_to() + 3
                )
            });
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return decode_with(UTF_16LE, &bytes[2..], "UTF-16LE");
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return decode_with(UTF_16BE, &bytes[2..], "UTF-16BE");
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_string(),
            encoding: "UTF-8",
        });
    }
    decode_with(GB18030, bytes, "GBK").map_err(|_| {
        "the file is neither UTF-8 nor GBK text (save it from Excel as \"CSV UTF-8\")".to_string()
    })
}

fn decode_with(
    encoding: &'static Encoding,
    bytes: &[u8],
    name: &'static str,
) -> Result<Decoded, String> {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| Decoded {
            text: text.into_owned(),
            encoding: name,
        })
        .ok_or_else(|| format!("invalid {name} text"))
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
}
