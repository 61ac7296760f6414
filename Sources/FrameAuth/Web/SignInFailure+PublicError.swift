import HTTPServer

/// How a failed sign-in is told (CONTRACT §3): a page that says what
/// happened in plain words, never cached (the callback carried a code and a
/// state); why, in the log. Nothing a browser sent is quoted but Frame.io's
/// own error, which the page escapes.
extension SignInFlow.Failure: PublicError {
    var status: HTTPStatus {
        switch self {
        case .malformedCallback, .state, .issuerMismatch, .authorizationDenied, .missingCode: .badRequest
        case .tokenEndpoint: .badGateway
        case .storage: .serviceUnavailable
        }
    }

    var title: String {
        switch self {
        case .authorizationDenied: "Frame.io did not sign you in"
        case .tokenEndpoint: "Frame.io did not complete the sign-in"
        default: "Sign-in failed"
        }
    }

    var message: String {
        switch self {
        case .malformedCallback: "The sign-in response was malformed."
        case .state(.missing), .state(.unknown): "This sign-in was not started here, or it was already used."
        case .state(.expired): "This sign-in took longer than 10 minutes and has expired."
        case .state(.foreignBrowser): "This sign-in was started in a different browser."
        case .issuerMismatch: "The sign-in response came from a different server than the one configured."
        case .authorizationDenied(let error, let description): "Frame.io answered \(error)" + (description.map { ": \($0)" } ?? "")
        case .missingCode: "Frame.io's answer had no authorization code."
        case .tokenEndpoint: "We could not get your tokens from Frame.io. Nothing was saved."
        case .storage: "Your session could not be saved. Nothing was kept; try again shortly."
        }
    }

    var headers: HTTPHeaders { HTTPHeaders([("Cache-Control", "no-store")]) }

    var logDetail: String? {
        switch self {
        case .malformedCallback: "sign-in refused: the callback's query is not valid form encoding"
        case .state(let rejection): "sign-in refused: \(rejection.rawValue)"
        case .issuerMismatch:
            "sign-in refused: the callback's iss is not the configured issuer (RFC 9207); nothing was sent to the token endpoint"
        case .authorizationDenied(let error, _): "sign-in refused by Frame.io: \(TokenEndpointError.safeCode(error) ?? "unrecognised error")"
        case .missingCode: "sign-in refused: the callback had no code"
        case .tokenEndpoint(let error): "sign-in failed: \(error)"
        case .storage(let reason): "sign-in failed: could not save the session: \(reason)"
        }
    }
}
