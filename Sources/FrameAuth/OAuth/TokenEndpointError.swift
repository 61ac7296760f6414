/// Why the provider's token endpoint (or the identity or revocation call)
/// gave us nothing usable. Descriptions are for the log: they name what went wrong, never a
/// code, token or secret.
public enum TokenEndpointError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The endpoint answered with an OAuth error (RFC 6749 §5.2), e.g. invalid_grant.
    case rejected(status: Int, oauthError: String?)
    /// No usable answer: time-out, connection failure, 5xx. Worth trying again later.
    case unavailable(String)
    /// An answer that is not a valid token (or identity) response.
    case malformed(String)
    /// The token response's id_token failed verification (CONTRACT §7); the reason, never the token.
    case invalidIDToken(String)

    public var description: String {
        switch self {
        case .rejected(let status, let error): "token endpoint refused the request (HTTP \(status), error \(error ?? "none"))"
        case .unavailable(let reason): "token endpoint unavailable: \(reason)"
        case .malformed(let reason): "unusable answer: \(reason)"
        case .invalidIDToken(let reason): "id_token refused: \(reason)"
        }
    }

    /// The `error` of an RFC 6749 §5.2 body, if it is a safe code to log.
    static func errorCode(in body: [UInt8]) -> String? {
        OAuthWireFormats.decode(OAuthWireFormats.ErrorBody.self, from: body)?.error.flatMap(safeCode)
    }

    /// An OAuth error code as it may appear in a log line: short, `[a-z_]` only.
    /// Anything else (it came from a URL anyone can craft) is not logged.
    static func safeCode(_ code: String) -> String? {
        code.count <= 64 && !code.isEmpty && code.utf8.allSatisfy({ $0 == UInt8(ascii: "_") || ($0 >= 0x61 && $0 <= 0x7A) }) ? code : nil
    }
}
