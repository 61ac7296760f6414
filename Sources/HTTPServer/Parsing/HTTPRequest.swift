/// One parsed request. The parser fills the message fields; the connection
/// adds the peer address and the router the path parameters.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// The path as sent, still percent-encoded, without the query.
    public var path: String
    /// The path split on `/` with each segment percent-decoded, so an encoded
    /// `%2F` stays inside its segment.
    public var pathSegments: [String]
    /// The raw query string after `?`, if any (never logged).
    public var rawQuery: String?
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Values of `{name}` segments, set by the router.
    public var pathParameters = PathParameters()
    /// The peer's address as seen on the socket.
    public var remoteAddress: String = ""

    public init(
        method: HTTPMethod, path: String, pathSegments: [String], rawQuery: String?,
        version: HTTPVersion, headers: HTTPHeaders, body: [UInt8]
    ) {
        self.method = method
        self.path = path
        self.pathSegments = pathSegments
        self.rawQuery = rawQuery
        self.version = version
        self.headers = headers
        self.body = body
    }

    /// Query parameters, decoded as `application/x-www-form-urlencoded`.
    /// Throws on invalid percent-encoding.
    public func queryParameters() throws(HTTPParseError) -> FormParameters {
        try FormParameters(decoding: Array((rawQuery ?? "").utf8))
    }

    /// The body decoded as `application/x-www-form-urlencoded`.
    public func formParameters() throws(HTTPParseError) -> FormParameters {
        try FormParameters(decoding: body)
    }

    /// Whether the connection stays open after this request (RFC 9112 §9.3).
    public var wantsKeepAlive: Bool {
        // Without the field, the version decides (no arrays on the usual path).
        guard headers.count(of: "Connection") > 0 else { return version == .http11 }
        let tokens = headers.values("Connection").flatMap { $0.split(separator: ",") }
            .map { $0.trimmingSpaces().lowercased() }
        switch version {
        case .http11: return !tokens.contains("close")
        case .http10: return tokens.contains("keep-alive")
        }
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}
