import FoundationEssentials
import HTTPServer

extension HTTPRequest {
    /// The token of `Authorization: Bearer <token>` (RFC 6750 §2.1; the
    /// scheme is case-insensitive); nil without one. A slice of the header,
    /// not a copy: every API call reads it.
    var bearerToken: Substring? {
        guard let header = headers["Authorization"], header.utf8.count > 7,
              header.utf8.prefix(7).elementsEqual("bearer ".utf8, by: { Self.lowercased($0) == $1 }) else { return nil }
        // The scheme is 7 ASCII bytes, so the token starts on a boundary.
        // `1*SP` may follow it; the parser has already trimmed the value's end.
        let token = header[header.utf8.index(header.utf8.startIndex, offsetBy: 7)...].drop { $0 == " " || $0 == "\t" }
        return token.isEmpty ? nil : token
    }

    /// ASCII letters folded to lower case byte by byte: no string is made
    /// on a path every API call takes.
    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}
