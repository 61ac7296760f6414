import CShim
import HTTPServer
import Glibc

/// A URL FrameAuth may call: `https`, or plain `http` only to a loopback host
/// (127.0.0.0/8, ::1, localhost), where nothing crosses a network. The same
/// rule applies to every configured endpoint (contract §2), so configuration
/// checks use this type too.
public struct OutboundURL: Sendable, Equatable {
    public let string: String
    /// The one scheme libcurl may use for this URL (CURLOPT_PROTOCOLS_STR).
    let scheme: String

    public init(_ string: String) throws(HTTPClientError) {
        // Parsed by libcurl's own parser (curl_url_set), the one that will
        // make the request, so the check and the call cannot disagree about
        // the host.
        guard let url = curl_url() else { throw .invalidURL(reason: "out of memory") }
        defer { curl_url_cleanup(url) }
        guard curl_url_set(url, CURLUPART_URL, string, 0) == CURLUE_OK,
              let scheme = Self.part(CURLUPART_SCHEME, of: url),
              let host = Self.part(CURLUPART_HOST, of: url) else {
            throw .invalidURL(reason: "not an absolute URL")
        }
        // libcurl would send them as Basic credentials, and URLs end up in logs.
        guard Self.part(CURLUPART_USER, of: url) == nil else {
            throw .invalidURL(reason: "credentials in the URL are not allowed")
        }
        switch scheme {
        case "https":
            break
        case "http" where Self.isLoopback(host):
            break
        case "http":
            throw .invalidURL(reason: "plain http is allowed only to a loopback host; use https")
        default:
            throw .invalidURL(reason: "scheme must be https")
        }
        self.string = string
        self.scheme = scheme
    }

    private static func part(_ part: CURLUPart, of url: OpaquePointer) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(url, part, &value, 0) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }

    /// libcurl has already normalized numeric IPv4 forms such as `127.1` to
    /// dotted quads; anything it did not recognize fails `inet_pton` here and
    /// counts as remote.
    private static func isLoopback(_ host: String) -> Bool {
        if host.lowercased() == "localhost" { return true }
        // IPv6 hosts come in brackets (RFC 3986 §3.2.2), IPv4 ones without.
        let bracketed = host.hasPrefix("[") && host.hasSuffix("]")
        guard let address = IPAddress(bracketed ? String(host.dropFirst().dropLast()) : host),
              address.isV6 == bracketed else { return false }
        return address.isLoopback
    }
}
