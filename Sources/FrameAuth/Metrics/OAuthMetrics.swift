/// What the OAuth side counts for `/metrics`: sign-ins and token refreshes by
/// result, and how long the token endpoint takes to answer. Every label value
/// is one of the cases below; none is a user id, email, token, code or state.
final class OAuthMetrics: Sendable {
    /// How a sign-in callback ended.
    enum LoginResult: Int, MetricLabel {
        case success, invalidState, issuerMismatch, denied, invalidCallback, tokenEndpointFailed, invalidIDToken, storageFailed

        var labelValue: String {
            switch self {
            case .success: "success"
            case .invalidState: "invalid_state"
            case .issuerMismatch: "issuer_mismatch"
            case .denied: "denied"
            case .invalidCallback: "invalid_callback"
            case .tokenEndpointFailed: "token_endpoint_failed"
            case .invalidIDToken: "invalid_id_token"
            case .storageFailed: "storage_failed"
            }
        }
    }

    /// How a refresh ended (one per refresh, however many callers waited on it).
    enum RefreshResult: Int, MetricLabel {
        /// New tokens from the token endpoint.
        case success
        /// The token endpoint refused the grant; the session ended.
        case rejected
        /// No refresh token, or it was past its life; the session ended without asking.
        case expired
        /// A passing failure (time-out, 5xx, network); nothing changed.
        case unavailable
        /// The outcome could not be saved; nothing changed.
        case storageFailed
        /// The provider refused FrameAuth's client credentials: the operator's to fix; nothing changed.
        case clientRefused

        var labelValue: String {
            switch self {
            case .success: "success"
            case .rejected: "rejected"
            case .expired: "expired"
            case .unavailable: "unavailable"
            case .storageFailed: "storage_failed"
            case .clientRefused: "client_refused"
            }
        }
    }

    /// How revoking a withdrawn user's tokens at the provider ended.
    enum RevocationResult: Int, MetricLabel {
        case success, failed

        var labelValue: String {
            switch self {
            case .success: "success"
            case .failed: "failed"
            }
        }
    }

    /// Which grant a token request was for (RFC 6749 §4.1.3, §6).
    enum Grant: Int, MetricLabel {
        case authorizationCode, refreshToken

        var labelValue: String {
            switch self {
            case .authorizationCode: "authorization_code"
            case .refreshToken: "refresh_token"
            }
        }
    }

    let logins = LabeledCounter<LoginResult>(
        "frameauth_logins_total", help: "Sign-in callbacks, by result.", label: "result")
    let refreshes = LabeledCounter<RefreshResult>(
        "frameauth_token_refreshes_total", help: "Access token refreshes, by result.", label: "result")
    let revocations = LabeledCounter<RevocationResult>(
        "frameauth_revocations_total", help: "Token revocations at the provider for withdrawn users, by result.", label: "result")
    /// From well under a second (normal) to the client's 15 s total time-out.
    let tokenEndpointLatency = LabeledHistogram<Grant>(
        "frameauth_token_endpoint_duration_seconds",
        help: "Time the token endpoint took to answer (or to fail), by grant type.", label: "grant_type",
        bounds: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15])

    func observeTokenRequest(_ grant: Grant, took duration: Duration) {
        tokenEndpointLatency.observe(duration.seconds, grant)
    }

    func render(into page: inout PrometheusText) {
        logins.render(into: &page)
        refreshes.render(into: &page)
        revocations.render(into: &page)
        tokenEndpointLatency.render(into: &page)
    }
}

extension SignInFlow.Failure {
    var loginResult: OAuthMetrics.LoginResult {
        switch self {
        case .state: .invalidState
        case .issuerMismatch: .issuerMismatch
        case .authorizationDenied: .denied
        case .malformedCallback, .missingCode: .invalidCallback
        case .tokenEndpoint(.invalidIDToken): .invalidIDToken
        case .tokenEndpoint: .tokenEndpointFailed
        case .storage: .storageFailed
        }
    }
}
