import Foundation
@testable import FrameAuth
import HTTPServer
import Testing

struct AuthorizationRequestTests {
    static func settings(authorizeURL: String = "https://applications.frame.io/oauth2/auth", secret: String? = nil) -> OAuthSettings {
        OAuthSettings(provider: .legacy, clientID: "client id&x", clientSecret: secret, usesPKCE: secret == nil, redirectURI: "http://127.0.0.1:8080/callback",
                      scopes: "offline account.read asset.read", authorizeURL: authorizeURL,
                      tokenURL: "http://127.0.0.1:1/token", userinfoURL: "http://127.0.0.1:1/me")
    }

    static func query(of url: String) throws -> FormParameters {
        let query = try #require(url.split(separator: "?", maxSplits: 1).last)
        return try FormParameters(decoding: Array(query.utf8))
    }

    @Test func url_carriesEveryParameter_encoded() throws {
        let pkce = PKCE()
        let url = AuthorizationRequest(settings: Self.settings()).url(state: "STATE", pkce: pkce, nonce: nil)
        #expect(url.hasPrefix("https://applications.frame.io/oauth2/auth?"))
        let query = try Self.query(of: url)
        #expect(query["response_type"] == "code")
        #expect(query["client_id"] == "client id&x")
        #expect(query["redirect_uri"] == "http://127.0.0.1:8080/callback")
        #expect(query["scope"] == "offline account.read asset.read")
        #expect(query["state"] == "STATE")
        #expect(query["code_challenge"] == pkce.challenge)
        #expect(query["code_challenge_method"] == "S256")
        #expect(!url.contains(pkce.verifier))
        #expect(query["nonce"] == nil)
    }

    @Test func url_carriesTheNonce_forAnOpenIDConnectSignIn() throws {
        let url = AuthorizationRequest(settings: Self.settings()).url(state: "STATE", pkce: PKCE(), nonce: "NONCE-abc")
        let query = try Self.query(of: url)
        #expect(query["nonce"] == "NONCE-abc")
        #expect(query.count(of: "nonce") == 1)
    }

    @Test func url_hasNoPKCEParameters_forAConfidentialAppWithoutPKCE() throws {
        let url = AuthorizationRequest(settings: Self.settings(secret: "s")).url(state: "STATE", pkce: nil, nonce: nil)
        let query = try Self.query(of: url)
        #expect(query["code_challenge"] == nil && query["code_challenge_method"] == nil)
    }

    @Test func url_keepsTheEndpointsOwnQuery() throws {
        let url = AuthorizationRequest(settings: Self.settings(authorizeURL: "https://idp.example/auth?tenant=7")).url(state: "S", pkce: nil, nonce: nil)
        #expect(url.hasPrefix("https://idp.example/auth?tenant=7&response_type=code&"))
    }
}
