/// Where a session's tokens came from, and so the only place they may go
/// back to (CONTRACT §7): the provider, its issuer, its token endpoint and
/// the client they were issued to. After any of these changes in the
/// configuration, the session answers "login required" and its tokens are
/// never sent anywhere.
///
/// A class, immutable: every user of one app holds the same binding, and the
/// store keeps one shared instance instead of four strings per user.
public final class SessionBinding: Sendable, Equatable, Decodable {
    public let provider: String
    public let issuer: String
    public let tokenURL: String
    public let clientID: String

    public init(provider: String, issuer: String, tokenURL: String, clientID: String) {
        self.provider = provider
        self.issuer = issuer
        self.tokenURL = tokenURL
        self.clientID = clientID
    }

    public static func == (lhs: SessionBinding, rhs: SessionBinding) -> Bool {
        lhs === rhs || (lhs.provider == rhs.provider && lhs.issuer == rhs.issuer
            && lhs.tokenURL == rhs.tokenURL && lhs.clientID == rhs.clientID)
    }
}

extension SessionBinding {
    /// Whether tokens stored under `stored` may be handed out or sent under
    /// `current`.
    ///
    /// Sessions stored before bindings were recorded came from the legacy
    /// platform, the only one FrameAuth spoke then; which token URL and
    /// client they used was not written down, so they are honoured under any
    /// legacy configuration and stamped with it at their next refresh.
    static func tokens(storedUnder stored: SessionBinding?, belongTo current: SessionBinding) -> Bool {
        guard let stored else { return current.provider == ProviderKind.legacy.rawValue }
        return stored == current
    }
}

extension StoredUser {
    /// Whether this user's tokens may be handed out or sent under `current`.
    func tokensBelong(to current: SessionBinding) -> Bool {
        SessionBinding.tokens(storedUnder: binding, belongTo: current)
    }
}
