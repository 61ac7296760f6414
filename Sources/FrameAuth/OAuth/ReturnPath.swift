import HTTPServer

/// Where to send the browser after sign-in: only a path on this site, so
/// `/login?return_to=` can never become an open redirector (RFC 9700 §4.11).
enum ReturnPath {
    static let fallback = "/"

    /// The path if it is safe, or nil. Checked as given and once more after
    /// percent-decoding, so encoded variants (`/%2F/evil`, `/%5Cevil`) fail too;
    /// a path whose encoding is invalid is refused.
    static func validate(_ candidate: String) -> String? {
        // As sent it must be visible ASCII: a space or control would split the Location header or URL.
        guard candidate.utf8.count <= SignInLimits.maxReturnPathBytes, candidate.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }),
              isLocalPath(candidate.utf8),
              let decoded = try? PercentDecoding.decode(candidate.utf8, plusIsSpace: false),
              isLocalPath(decoded.utf8) else { return nil }
        return candidate
    }

    private static func isLocalPath(_ path: String.UTF8View) -> Bool {
        let bytes = Array(path)
        guard bytes.first == UInt8(ascii: "/") else { return false }  // no scheme, no relative path
        if bytes.count > 1 && bytes[1] == UInt8(ascii: "/") { return false }  // "//host" is another site
        // Browsers read a backslash as a slash ("/\host"); controls end lines.
        return !bytes.contains { $0 == UInt8(ascii: "\\") || $0 < 0x20 || $0 == 0x7F }
    }
}
