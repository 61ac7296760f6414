import FoundationEssentials

/// A sign-in that went to Frame.io and has not come back yet.
struct LoginAttempt: Sendable {
    /// SHA-256 of the browser-binding cookie's value.
    let browserBinding: SHA256Digest
    let pkceVerifier: String?
    /// The OpenID Connect `nonce` the id_token must carry back.
    let nonce: String?
    let returnTo: String
    let expiresAt: Date
    /// Who asked for it, for the per-client bound.
    var client = ClientBucket.unknown

    /// The attempt, if a callback from the browser holding `binding` may
    /// finish it at `now`.
    func accepted(from binding: BrowserBinding?, at now: Date) -> Result<LoginAttempt, StateRejection> {
        guard expiresAt > now else { return .failure(.expired) }
        guard let binding, binding.digest.equalsInConstantTime(browserBinding) else { return .failure(.foreignBrowser) }
        return .success(self)
    }
}
