import FoundationEssentials
import HTTPServer

/// The calls FrameAuth makes to Frame.io (token endpoint, `/v2/me`) and to
/// itself (`--healthcheck`), over libcurl with TLS verification always on,
/// redirects never followed, and every call bounded in time and size by
/// `HTTPClientConfiguration`.
public final class HTTPClient: Sendable {
    public let configuration: HTTPClientConfiguration
    private let workers: WorkerPool<CurlEasyHandle>

    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration()) {
        self.configuration = configuration
        workers = WorkerPool(
            label: "FrameAuth.HTTPClient",
            resources: (0..<configuration.maxConcurrentCalls).map { _ in CurlEasyHandle() }
        )
    }

    /// POSTs `form` as `application/x-www-form-urlencoded` (RFC 6749 §4.1.3,
    /// §6), with Basic client authentication when `basicAuth` is given.
    /// Always on a new connection: the transport never sends a code or a
    /// refresh token twice (see cshim_curl.c).
    public func formPost(
        url: String,
        form: [(String, String)],
        basicAuth: (user: String, password: String)? = nil
    ) async throws(HTTPClientError) -> HTTPClientResponse {
        var headerLines = ["Content-Type: application/x-www-form-urlencoded"]
        if let basicAuth {
            // RFC 6749 §2.3.1: the client id and secret are form-urlencoded
            // first, then joined by ":" and base64-encoded (RFC 7617).
            let credentials = FormURLEncoding.encode(basicAuth.user) + ":" + FormURLEncoding.encode(basicAuth.password)
            headerLines.append("Authorization: Basic " + Data(credentials.utf8).base64EncodedString())
        }
        return try await perform(url: url, headerLines: headerLines, body: Array(FormURLEncoding.encode(form).utf8))
    }

    /// GETs `url` with `Authorization: Bearer <token>` (RFC 6750 §2.1).
    public func bearerGet(url: String, token: String) async throws(HTTPClientError) -> HTTPClientResponse {
        guard Self.isBearerToken(token) else { throw .invalidBearerToken }
        return try await perform(url: url, headerLines: ["Authorization: Bearer " + token], body: nil)
    }

    /// GETs `url` without credentials: a provider's published key set.
    public func get(url: String) async throws(HTTPClientError) -> HTTPClientResponse {
        try await perform(url: url, headerLines: [], body: nil)
    }

    /// GETs `url` on the calling thread with a handle of its own, for a
    /// process with nothing else to do (`frameauth --healthcheck`). A server
    /// uses the async calls, which never block Swift's cooperative threads.
    public static func blockingGet(
        url: String, configuration: HTTPClientConfiguration
    ) throws(HTTPClientError) -> HTTPClientResponse {
        try CurlEasyHandle().perform(request(url: url, headerLines: [], body: nil, configuration: configuration)).get()
    }

    private func perform(url: String, headerLines: [String], body: [UInt8]?) async throws(HTTPClientError) -> HTTPClientResponse {
        let request = try Self.request(url: url, headerLines: headerLines, body: body, configuration: configuration)
        return try await workers.run { handle in handle.perform(request) }.get()
    }

    private static func request(
        url: String, headerLines: [String], body: [UInt8]?, configuration: HTTPClientConfiguration
    ) throws(HTTPClientError) -> CurlRequest {
        CurlRequest(
            url: try OutboundURL(url),
            headerLines: headerLines + ["User-Agent: " + configuration.userAgent],
            body: body,
            connectTimeoutMilliseconds: configuration.connectTimeout.timeoutMilliseconds,
            totalTimeoutMilliseconds: configuration.totalTimeout.timeoutMilliseconds,
            maxResponseBytes: configuration.maxResponseBytes,
            trustedCAFile: configuration.trustedCAFile
        )
    }

    /// RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
    private static func isBearerToken(_ token: String) -> Bool {
        let bytes = Array(token.utf8)
        let padding = bytes.reversed().prefix { $0 == UInt8(ascii: "=") }.count
        let body = bytes.dropLast(padding)
        return !body.isEmpty && body.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"),
                 UInt8(ascii: "+"), UInt8(ascii: "/"):
                true
            default:
                false
            }
        }
    }
}
