/// Where a session's tokens came from, and so the only place they may go
/// back to (CONTRACT §7): the provider, its issuer, its token endpoint and
/// the client they were issued to. After any of these changes in the
/// configuration, the session answers "login required" and its tokens are
/// never sent anywhere.
public struct SessionBinding: Sendable, Equatable, Decodable {
    public var provider: String
    public var issuer: String
    public var tokenURL: String
    public var clientID: String

    public init(provider: String, issuer: String, tokenURL: String, clientID: String) {
        self.provider = provider
        self.issuer = issuer
        self.tokenURL = tokenURL
        self.clientID = clientID
    }
}

extension StoredUser {
    /// Whether this user's tokens may be handed out or sent under `current`.
    ///
    /// Sessions stored before bindings were recorded came from the legacy
    /// platform, the only one FrameAuth spoke then; which token URL and
    /// client they used was not written down, so they are honoured under any
    /// legacy configuration and stamped with it at their next refresh.
    func tokensBelong(to current: SessionBinding) -> Bool {
        guard let binding else { return current.provider == ProviderKind.legacy.rawValue }
        return binding == current
    }
}
