import FoundationEssentials
import HTTPServer

/// JSON bodies for `/session` and the integrator API: dates as RFC 3339,
/// optional fields as `null`, keys sorted so answers are stable.
enum JSONResponse {
    static func make<T: Encodable>(_ value: T, status: HTTPStatus = .ok, headers: [(String, String)] = []) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding our own plain structs cannot fail; an empty object is the safe fallback.
        let body = (try? encoder.encode(value)).map(Array.init) ?? Array("{}".utf8)
        return HTTPResponse(status: status, headers: HTTPHeaders([("Content-Type", "application/json")] + headers), body: body)
    }

    /// An error as the integrator API and `/session` answer it:
    /// `{"error":"<code>"}`, never cached (CONTRACT §5).
    @Sendable static func error(_ error: any PublicError, _ request: HTTPRequest) -> HTTPResponse {
        make(["error": error.code], status: error.status, headers: [("Cache-Control", "no-store")])
    }
}
