/// What the demo stand-in (CONTRACT §2, §7) looks like from the sign-in
/// flow's side: a PKCE app whose "Frame.io" is served by this process under
/// `/_demo/`, standing in for the configured provider. Only `Application` in
/// demo mode reaches anything in this folder.
enum DemoMode {
    static let clientID = "frameauth-demo"
    static let pathPrefix = RoutePaths.demo
    static let authorizePath = pathPrefix + "/oauth2/auth"
    static let consentPath = pathPrefix + "/oauth2/consent"
    static let tokenPath = pathPrefix + "/oauth2/token"
    /// The identity call, shaped like the provider's (`/v2/me` or `/v4/me`).
    static func userinfoPath(_ provider: ProviderKind) -> String {
        pathPrefix + (provider == .v4 ? "/v4/me" : "/v2/me")
    }
    /// V4 only: the key set, and RFC 7009 revocation.
    static let keysPath = pathPrefix + "/ims/keys"
    static let revocationPath = pathPrefix + "/ims/revoke"

    /// Demo sessions live apart from real ones, so configuring a client id
    /// later starts from a clean store.
    static func dataDirectory(inside dataDir: String) -> String {
        dataDir + "/demo"
    }

    /// The flow's settings once the port is bound. The stand-in is reached
    /// on the address the server is bound to, which demo mode keeps to
    /// loopback, so the outbound client's http-only-to-loopback rule holds.
    static func oauthSettings(_ configuration: Configuration, boundPort: Int) -> OAuthSettings {
        let origin = "http://\(configuration.hostInURL):\(boundPort)"
        let isV4 = configuration.provider == .v4
        return OAuthSettings(
            provider: configuration.provider, clientID: clientID, clientSecret: nil, usesPKCE: true,
            redirectURI: configuration.redirectURI(boundPort: boundPort), scopes: configuration.scopes,
            authorizeURL: origin + authorizePath, tokenURL: origin + tokenPath,
            userinfoURL: origin + userinfoPath(configuration.provider),
            issuer: isV4 ? origin + pathPrefix : "", jwksURL: isV4 ? origin + keysPath : "",
            revocationURL: isV4 ? origin + revocationPath : ""
        )
    }
}
