/// A request line and header section, checked against RFC 9112 and reduced
/// to what the server needs: where the request goes and how its body is framed.
struct RequestHead: Sendable {
    enum BodyFraming: Sendable, Equatable {
        case none
        case contentLength(Int)
        case chunked
    }

    /// The request the head describes, with an empty body: built here
    /// rather than from a copy of each part later, which took and dropped
    /// a reference count per part on every request.
    var request: HTTPRequest
    let framing: BodyFraming
    let expectsContinue: Bool

    /// `lines`: the head without its final empty line; every line ends in CRLF
    /// (the scanner has already refused bare LFs).
    init(parsing lines: ArraySlice<UInt8>, limits: ServerLimits) throws(HTTPParseError) {
        var rest = lines[...]
        let requestLine = Self.takeLine(&rest)
        let (method, (path, segments, query), version) = try Self.parseRequestLine(requestLine)
        var headers = HTTPHeaders()
        // One field per line: the array is sized once, not grown per field.
        headers.reserveCapacity(rest.count { $0 == ASCII.lf })
        while !rest.isEmpty {
            let (name, value) = try HeaderField.parse(Self.takeLine(&rest))
            headers.add(name, value)
        }
        framing = try Self.framing(of: headers, version: version, limits: limits)
        expectsContinue = version == .http11 && headers["Expect"]?.lowercased() == "100-continue"
        try Self.checkHost(headers, version: version)
        request = HTTPRequest(method: method, path: path, pathSegments: segments, rawQuery: query,
                              version: version, headers: headers, body: [])
    }

    /// The request with its body, once that has arrived.
    func request(body: [UInt8]) -> HTTPRequest {
        var request = request
        request.body = body
        return request
    }

    private static func takeLine(_ rest: inout ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard let lf = rest.firstIndex(of: ASCII.lf) else {
            defer { rest = rest[rest.endIndex...] }
            return rest
        }
        defer { rest = rest[(lf + 1)...] }
        return rest[..<(lf - 1)]  // drop the CR
    }

    // RFC 9112 §3: method SP request-target SP HTTP-version, exactly one SP each.
    private static func parseRequestLine(_ line: ArraySlice<UInt8>) throws(HTTPParseError)
        -> (HTTPMethod, (path: String, segments: [String], query: String?), HTTPVersion) {
        // Found by hand rather than with `split`, which builds an array per request.
        guard let firstSpace = line.firstIndex(of: ASCII.space),
              let secondSpace = line[(firstSpace + 1)...].firstIndex(of: ASCII.space) else {
            throw .badRequest("malformed request line")
        }
        let methodBytes = line[..<firstSpace]
        let targetBytes = line[(firstSpace + 1)..<secondSpace]
        guard !methodBytes.isEmpty, !targetBytes.isEmpty else { throw .badRequest("malformed request line") }
        guard methodBytes.allSatisfy(ASCII.isTokenChar) else { throw .badRequest("invalid method") }
        let method = HTTPMethod(rawValue: String(decoding: methodBytes, as: UTF8.self))
        let version = try parseVersion(line[(secondSpace + 1)...])
        let target = try RequestTarget.parse(targetBytes, method: method)
        return (method, target, version)
    }

    private static func parseVersion(_ bytes: ArraySlice<UInt8>) throws(HTTPParseError) -> HTTPVersion {
        switch String(decoding: bytes, as: UTF8.self) {
        case "HTTP/1.1": return .http11
        case "HTTP/1.0": return .http10
        default:
            let shape = Array("HTTP/d.d".utf8)
            let looksLikeVersion = bytes.count == shape.count && zip(bytes, shape).allSatisfy { byte, pattern in
                pattern == UInt8(ascii: "d") ? (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) : byte == pattern
            }
            throw looksLikeVersion ? .unsupportedVersion : .badRequest("invalid HTTP version")
        }
    }

    // RFC 9112 §3.2: a 1.1 request carries exactly one Host; more than one is refused in any version.
    private static func checkHost(_ headers: HTTPHeaders, version: HTTPVersion) throws(HTTPParseError) {
        let count = headers.count(of: "Host")
        if count > 1 || (version == .http11 && count == 0) {
            throw .badRequest("a single Host header is required")
        }
    }

    private static func framing(of headers: HTTPHeaders, version: HTTPVersion, limits: ServerLimits) throws(HTTPParseError) -> BodyFraming {
        // Most requests (every GET) have neither field: no arrays for them.
        guard headers.count(of: "Transfer-Encoding") + headers.count(of: "Content-Length") > 0 else { return .none }
        let transferEncodings = headers.values("Transfer-Encoding")
        let contentLengths = headers.values("Content-Length")
        if !transferEncodings.isEmpty {
            // RFC 9112 §6.1: both present is a smuggling shape; 1.0 has no chunked framing.
            guard contentLengths.isEmpty else { throw .badRequest("both Content-Length and Transfer-Encoding") }
            guard version == .http11 else { throw .badRequest("Transfer-Encoding in an HTTP/1.0 request") }
            let codings = transferEncodings.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
                .map { $0.trimmingSpaces().lowercased() }
            guard !codings.contains("") else { throw .badRequest("empty transfer coding") }
            // RFC 9112 §6.3: chunked must be the final coding and applied once;
            // any other coding (gzip, ...) is one we do not implement.
            guard codings.last == "chunked" else {
                throw codings.contains("chunked") ? .badRequest("chunked is not the final transfer coding") : .unsupportedTransferCoding
            }
            guard codings.count == 1 else {
                throw codings.dropLast().contains("chunked") ? .badRequest("chunked applied more than once") : .unsupportedTransferCoding
            }
            return .chunked
        }
        guard let lengthText = contentLengths.first else { return .none }
        // Repeated Content-Length is refused even when the values agree: simpler, and no reader can disagree.
        guard contentLengths.count == 1 else { throw .badRequest("repeated Content-Length") }
        guard !lengthText.isEmpty, lengthText.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw .badRequest("invalid Content-Length")
        }
        guard lengthText.utf8.count <= 18, let length = Int(lengthText), length <= limits.maxBodyBytes else {
            throw .bodyTooLarge
        }
        return length == 0 ? .none : .contentLength(length)
    }
}
