import HTTPServer

/// The integrator API's failures (CONTRACT §5, §8), each with its status
/// and the `error` its JSON names. The detail of a store failure goes to the
/// log only.
enum APIError: PublicError {
    /// A missing or unknown API key.
    case unauthorized
    case unknownUser
    /// Frame.io ended the user's session: they must sign in again.
    case loginRequired
    /// The token endpoint failed for a passing reason; nothing changed.
    case tokenEndpointUnavailable
    /// The store could not be read or written; nothing changed. The detail
    /// is nil where whoever failed has logged it already.
    case storeUnavailable(detail: String?)

    var status: HTTPStatus {
        switch self {
        case .unauthorized: .unauthorized
        case .unknownUser: .notFound
        case .loginRequired: .conflict
        case .tokenEndpointUnavailable, .storeUnavailable: .serviceUnavailable
        }
    }

    var code: String {
        switch self {
        case .unauthorized: "unauthorized"
        case .unknownUser: "unknown_user"
        case .loginRequired: "login_required"
        case .tokenEndpointUnavailable: "token_endpoint_unavailable"
        case .storeUnavailable: "store_unavailable"
        }
    }

    var headers: HTTPHeaders {
        // RFC 6750 §3: a 401 names the scheme it wants.
        if case .unauthorized = self { return HTTPHeaders([("WWW-Authenticate", "Bearer")]) }
        return HTTPHeaders()
    }

    var logDetail: String? {
        if case .storeUnavailable(let detail?) = self { return detail }
        return nil
    }
}
