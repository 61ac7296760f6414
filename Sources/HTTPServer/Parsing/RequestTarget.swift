/// The request-target (RFC 9112 §3.2), split into path and query, with the
/// path's segments percent-decoded.
enum RequestTarget {
    /// The parts as a tuple, which the caller takes apart and moves into
    /// the request: parts copied out of a struct cost a reference count each.
    static func parse(_ bytes: ArraySlice<UInt8>, method: HTTPMethod) throws(HTTPParseError)
        -> (path: String, segments: [String], query: String?) {
        guard bytes.allSatisfy(ASCII.isTargetChar) else { throw .badRequest("invalid character in request target") }
        var pathAndQuery = bytes
        if bytes.first != UInt8(ascii: "/") {
            if method == .options && bytes.elementsEqual("*".utf8) {
                return ("*", [], nil)
            }
            pathAndQuery = try stripAbsoluteForm(bytes)
        }
        let questionMark = pathAndQuery.firstIndex(of: UInt8(ascii: "?"))
        let rawPath = pathAndQuery[..<(questionMark ?? pathAndQuery.endIndex)]
        return (String(decoding: rawPath, as: UTF8.self), try segments(of: rawPath),
                questionMark.map { String(decoding: pathAndQuery[($0 + 1)...], as: UTF8.self) })
    }

    /// The path's segments, each percent-decoded: "/" has none, "/a/" has
    /// "a" and "". Walked by hand into an array sized once: `split` grew two
    /// arrays, six allocations for a four-segment API path.
    private static func segments(of rawPath: ArraySlice<UInt8>) throws(HTTPParseError) -> [String] {
        guard rawPath.count > 1 else { return [] }
        let slash = UInt8(ascii: "/")
        var decoded: [String] = []
        decoded.reserveCapacity(rawPath.count { $0 == slash })
        var start = rawPath.startIndex + 1
        while true {
            let end = rawPath[start...].firstIndex(of: slash) ?? rawPath.endIndex
            let part = rawPath[start..<end]
            // Target bytes are visible ASCII: without a `%` the segment is itself.
            let segment = part.contains(UInt8(ascii: "%"))
                ? try PercentDecoding.decode(part, plusIsSpace: false) : String(decoding: part, as: UTF8.self)
            let isLast = end == rawPath.endIndex
            guard !isDotSegment(segment), !segment.isEmpty || isLast else {
                throw .badRequest("dot segment or empty segment in the path")
            }
            decoded.append(segment)
            if isLast { return decoded }
            start = end + 1
        }
    }

    /// RFC 3986 §5.2.4: `.` and `..` are removed by whoever resolves a
    /// reference, before it is sent; one that still arrives is refused rather
    /// than resolved here, and so is an empty segment before the last (`//x`,
    /// `/a//b`). Each would give one file two spellings that the router and
    /// the file system read differently. Decoded first, since `%2e` is `.`
    /// (RFC 3986 §2.3); compared as bytes, never as Characters.
    private static func isDotSegment(_ segment: String) -> Bool {
        segment.utf8.count <= 2 && (segment == "." || segment == "..")
    }

    /// RFC 9112 §3.2.2: a server must accept `http://authority/path`; only
    /// the path and query are used, never the authority.
    private static func stripAbsoluteForm(_ bytes: ArraySlice<UInt8>) throws(HTTPParseError) -> ArraySlice<UInt8> {
        let text = String(decoding: bytes, as: UTF8.self).lowercased()
        let schemeLength: Int
        if text.hasPrefix("http://") { schemeLength = 7 } else if text.hasPrefix("https://") { schemeLength = 8 } else {
            throw .badRequest("request target is not a path")
        }
        let afterScheme = bytes.dropFirst(schemeLength)
        let authorityEnd = afterScheme.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") } ?? afterScheme.endIndex
        guard authorityEnd > afterScheme.startIndex else { throw .badRequest("absolute-form target without a host") }
        let rest = bytes[authorityEnd...]
        // RFC 9110 §4.2.3: an empty path in an http(s) URI means "/".
        return rest.first == UInt8(ascii: "/") ? rest : ArraySlice("/".utf8) + rest
    }
}
