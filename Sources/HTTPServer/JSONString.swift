/// Quotes a string as a JSON string literal (RFC 8259 §7), escaping
/// quotes, backslashes and every control character, so a hostile path
/// cannot break a log line in two.
public enum JSONString {
    public static func quote(_ text: String) -> String {
        var out: [UInt8] = []
        append(text, quotedTo: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `text` as a JSON string literal to `out`, byte by byte: the
    /// access log and the token API write one per request.
    public static func append(_ text: String, quotedTo out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most values (methods, paths, addresses, tokens) need no escaping at all.
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += #"\""#.utf8
            case UInt8(ascii: "\\"): out += #"\\"#.utf8
            case UInt8(ascii: "\n"): out += #"\n"#.utf8
            case UInt8(ascii: "\r"): out += #"\r"#.utf8
            case UInt8(ascii: "\t"): out += #"\t"#.utf8
            case 0..<0x20, 0x7F:
                out += #"\u00"#.utf8
                out.append(hexDigit(byte >> 4))
                out.append(hexDigit(byte & 0x0F))
            default:
                // Bytes of multi-byte characters pass through: the text is valid UTF-8.
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
