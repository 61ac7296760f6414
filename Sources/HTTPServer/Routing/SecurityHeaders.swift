/// The headers every HTML response carries (CONTRACT §3): no framing, no
/// sniffing, no referrer (callback URLs must not leak), and a policy that
/// allows only our own styles and images: no scripts, no external resources.
public enum SecurityHeaders {
    public static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    public static func addHTMLHeaders(to headers: inout HTTPHeaders) {
        headers.set("Content-Security-Policy", contentSecurityPolicy)
        headers.set("X-Content-Type-Options", "nosniff")
        headers.set("Referrer-Policy", "no-referrer")
        headers.set("X-Frame-Options", "DENY")
    }

    /// An HTML page with the security headers already on.
    public static func htmlResponse(_ html: String, status: HTTPStatus = .ok) -> HTTPResponse {
        var headers = HTTPHeaders([("Content-Type", "text/html; charset=utf-8")])
        addHTMLHeaders(to: &headers)
        return HTTPResponse(status: status, headers: headers, body: Array(html.utf8))
    }
}
