import FoundationEssentials
import HTTPServer

extension HTTPRequest {
    /// The token of `Authorization: Bearer <token>` (RFC 6750 §2.1; the
    /// scheme is case-insensitive); nil without one. A slice of the header,
    /// not a copy: every API call reads it.
    var bearerToken: Substring? {
        guard var header = headers["Authorization"] else { return nil }
        // Read in place, byte by byte: these are ASCII, and a walk by
        // Character (or a zip of two views) would cost more than the rest
        // of the check. `1*SP` may follow the scheme; the parser has
        // already trimmed the value's end.
        let tokenStart: Int? = header.withUTF8 { bytes in
            guard bytes.count > 7, zip(bytes, "bearer ".utf8).allSatisfy({ Self.lowercased($0) == $1 }) else { return nil }
            return bytes[7...].firstIndex { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
        }
        guard let tokenStart else { return nil }
        return header[header.utf8.index(header.utf8.startIndex, offsetBy: tokenStart)...]
    }

    /// ASCII letters folded to lower case byte by byte: no string is made
    /// on a path every API call takes.
    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}
