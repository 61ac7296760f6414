/// What the demo stand-in (CONTRACT §2) looks like from the sign-in flow's
/// side: a PKCE app whose "Frame.io" is served by this process under
/// `/_demo/`. Only `Application` in demo mode reaches anything in this folder.
enum DemoMode {
    static let clientID = "frameauth-demo"
    static let pathPrefix = "/_demo"
    static let authorizePath = pathPrefix + "/oauth2/auth"
    static let consentPath = pathPrefix + "/oauth2/consent"
    static let tokenPath = pathPrefix + "/oauth2/token"
    static let userinfoPath = pathPrefix + "/v2/me"

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
        return OAuthSettings(
            clientID: clientID, clientSecret: nil, usesPKCE: true,
            redirectURI: configuration.redirectURI(boundPort: boundPort), scopes: configuration.scopes,
            authorizeURL: origin + authorizePath, tokenURL: origin + tokenPath, userinfoURL: origin + userinfoPath
        )
    }
}
