import CShim

/// Why an outgoing call failed. Descriptions go to logs, so no case carries
/// the URL's query, a header, a form value, a token or any body bytes.
public enum HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Refused before any network traffic; the reason names the rule broken.
    case invalidURL(reason: String)
    /// The token has characters RFC 6750 §2.1 does not allow in a Bearer
    /// header; sending it could inject header lines.
    case invalidBearerToken
    /// No connection within the connect time-out, or no complete response
    /// within the total time-out.
    case timedOut
    /// Name resolution, connecting, or the connection itself failed
    /// (refused, reset, closed without an answer).
    case connectionFailed(curlCode: Int)
    /// The response body was larger than the configured limit.
    case responseTooLarge(limit: Int)
    /// Any other libcurl failure, TLS verification included.
    case transport(curlCode: Int)

    public var description: String {
        switch self {
        case .invalidURL(let reason):
            "URL refused: \(reason)"
        case .invalidBearerToken:
            "access token contains characters not allowed in a Bearer header"
        case .timedOut:
            "no response within the time-out"
        case .connectionFailed(let code):
            "could not reach the server: \(Self.curlMessage(code)) (curl error \(code))"
        case .responseTooLarge(let limit):
            "response body larger than \(limit) bytes"
        case .transport(let code):
            "transfer failed: \(Self.curlMessage(code)) (curl error \(code))"
        }
    }

    /// libcurl's fixed text for a code (curl_easy_strerror); it never
    /// includes request data.
    private static func curlMessage(_ code: Int) -> String {
        String(cString: curl_easy_strerror(CURLcode(rawValue: UInt32(truncatingIfNeeded: code))))
    }
}
