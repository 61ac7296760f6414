import HTTPServer

/// How the stand-in tells a refusal: as a page on its authorize and consent
/// screens, and as RFC 6749 §5.2 JSON on its token, identity and revocation
/// endpoints (`DemoRoutes.oauthError`).
extension DemoAuthority.Refusal: PublicError {
    /// A sign-in the stand-in no longer knows: used already, or too old.
    static let expiredSignIn = Self(error: "expired_sign_in", description: "It was already used, or took longer than 10 minutes.")
    /// An identity call without a valid access token (RFC 6750 §3.1).
    static let invalidToken = Self(error: "invalid_token", description: "The access token is unknown or has expired.")

    var status: HTTPStatus {
        // RFC 6749 §5.2 and RFC 6750 §3.1: failed client or token authentication is 401.
        error == "invalid_client" || error == "invalid_token" ? .unauthorized : .badRequest
    }

    var code: String { error }

    var title: String {
        // The OAuth error is named, for whoever is debugging their app against the demo.
        self == .expiredSignIn ? "This sign-in has expired" : "The stand-in refused the request (\(error))"
    }

    var message: String { description }

    var headers: HTTPHeaders {
        error == "invalid_token" ? HTTPHeaders([("WWW-Authenticate", "Bearer error=\"invalid_token\"")]) : HTTPHeaders()
    }
}
