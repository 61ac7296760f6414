import Foundation
@testable import FrameAuth
import LoopbackClient
import Testing

/// A Frame.io V4 sign-in (CONTRACT §7) over real sockets: Adobe IMS's
/// authorize request with a nonce, the RFC 9207 `iss` check before anything
/// is sent, the identity in `/v4/me`'s `data`, and the id_token's `sub`
/// kept with the user.
@Suite("V4 sign-in", .serialized) struct V4SignInTests {
    static func users(_ harness: SignInHarness) throws -> [[String: Any]] {
        let list = try JSONSerialization.jsonObject(with: Data(try harness.api("/api/users").body)) as? [String: Any]
        return try #require(list?["users"] as? [[String: Any]])
    }

    @Test func v4SignIn_storesTheUserFromV4Me_andTheIDTokensSubject() async throws {
        let harness = try SignInHarness(provider: .v4)
        let browser = TestBrowser(port: harness.port)
        let callback = try await harness.signInOnOwnThread(browser)
        #expect(callback.status == 303)
        #expect(callback.header("Location") == "/")

        let token = try #require(harness.standIn.tokenRequests.first)
        let credentials = Data("\(SignInHarness.clientID):\(SignInHarness.clientSecret)".utf8).base64EncodedString()
        #expect(token.header("Authorization") == "Basic \(credentials)")
        #expect(try FormParametersTestView(token.bodyText)["grant_type"] == "authorization_code")
        let identity = try #require(harness.standIn.identityRequests.first)
        #expect(identity.target == "/v4/me")
        #expect(identity.header("Authorization") == "Bearer \(FrameIOStandIn.accessToken(1))")

        let session = try browser.get("/session")
        #expect(session.status == 200)
        let user = try #require((try JSONSerialization.jsonObject(with: Data(session.body)) as? [String: Any])?["user"] as? [String: Any])
        #expect(user["id"] as? String == FrameIOStandIn.v4UserID)
        #expect(user["email"] as? String == FrameIOStandIn.email)
        #expect(try Self.users(harness).map { $0["id"] as? String } == [FrameIOStandIn.v4UserID])

        let stored = try #require(try await harness.stopReadingStoredUsers().first)
        #expect(stored.profile.id == FrameIOStandIn.v4UserID)
        #expect(stored.subject == IMSStandIn.subject)
        #expect(stored.binding == SessionBinding(provider: "frameio-v4", issuer: harness.configuration.issuer,
                                                 tokenURL: harness.configuration.tokenURL, clientID: SignInHarness.clientID))
    }

    @Test func v4Login_asksForOpenID_withAFreshNonceBesideStateAndAnS256Challenge() async throws {
        let harness = try SignInHarness(kind: .pkce, provider: .v4)
        let browser = TestBrowser(port: harness.port)
        let logins = try [browser, browser, TestBrowser(port: harness.port)].map { try harness.startLogin($0) }
        for query in logins {
            #expect(query["scope"]?.replacingOccurrences(of: "+", with: " ") == "openid email profile offline_access additional_info.roles")
            #expect(query["code_challenge_method"] == "S256")
            #expect(query["code_challenge"]?.count == 43)
            #expect((query["state"] ?? "").count >= 43)
            let nonce = try #require(query["nonce"])
            #expect(nonce.count == 43)
            #expect(Base64URL.decode(Array(nonce.utf8))?.count == 32)
            #expect(nonce != query["state"])
        }
        let nonces = logins.compactMap { $0["nonce"] }
        #expect(Set(nonces).count == 3, "a nonce was sent twice")
        await harness.stop()
    }

    @Test func callbackWithoutIss_isAccepted() async throws {
        // RFC 9207 §2.4: an authorization server that does not send `iss` is not refused for it.
        let harness = try SignInHarness(provider: .v4)
        let browser = TestBrowser(port: harness.port)
        let state = try #require(try harness.startLogin(browser, code: "C")["state"])
        #expect(try await onOwnThread { try browser.get("/callback?code=C&state=\(state)") }.status == 303)
        #expect(try browser.get("/session").status == 200)
        await harness.stop()
    }

    /// Callback `iss` values that are not the configured issuer, byte for byte.
    enum ForeignIssuer: String, CaseIterable, Sendable {
        case anotherServer, adobesRealIssuer, trailingSlash, upperCase, trailingSpace, empty

        func value(forIssuer issuer: String) -> String {
            switch self {
            case .anotherServer: "https://evil.example"
            case .adobesRealIssuer: ProviderKind.v4.defaults.issuer
            case .trailingSlash: issuer + "/"
            case .upperCase: issuer.uppercased()
            case .trailingSpace: issuer + " "
            case .empty: ""
            }
        }
    }

    @Test(arguments: ForeignIssuer.allCases)
    func callbackIssOfAnotherServer_gets400_andNothingIsSentAnywhere(_ foreign: ForeignIssuer) async throws {
        let harness = try SignInHarness(provider: .v4)
        let browser = TestBrowser(port: harness.port)
        let state = try #require(try harness.startLogin(browser, code: "C")["state"])
        let iss = FormURLEncoding.encode(foreign.value(forIssuer: harness.configuration.issuer))
        let response = try browser.get("/callback?code=C&state=\(state)&iss=\(iss)")
        #expect(response.status == 400)
        #expect(response.text.contains("Try again"))
        #expect(response.header("Cache-Control") == "no-store")
        #expect(harness.standIn.endpoint.requests.isEmpty)
        // The state is used up: the same callback with the right issuer is refused too.
        #expect(try browser.get(harness.callbackTarget(code: "C", state: state)).status == 400)
        #expect(harness.standIn.endpoint.requests.isEmpty)
        try SignInFailureTests.expectNothingStored(harness, browser)
        await harness.stop()
    }

    @Test func repeatedIss_gets400_evenWhenBothAreTheIssuer() async throws {
        let harness = try SignInHarness(provider: .v4)
        let browser = TestBrowser(port: harness.port)
        let state = try #require(try harness.startLogin(browser, code: "C")["state"])
        let iss = FormURLEncoding.encode(harness.configuration.issuer)
        #expect(try browser.get("/callback?code=C&state=\(state)&iss=\(iss)&iss=\(iss)").status == 400)
        #expect(harness.standIn.endpoint.requests.isEmpty)
        await harness.stop()
    }

    @Test func idTokenWithTheNonceOfAnotherLogin_gets502_andTheRightOneStillSignsIn() async throws {
        // Two tabs of one browser: the nonce belongs to its own attempt, not to the browser.
        let harness = try SignInHarness(provider: .v4)
        let browser = TestBrowser(port: harness.port)
        let first = try harness.startLogin(browser, code: "CODE-FIRST")
        let second = try harness.startLogin(browser, code: "CODE-SECOND")
        harness.standIn.ims?.approve(code: "CODE-SECOND", nonce: first["nonce"])
        let crossed = harness.callbackTarget(code: "CODE-SECOND", state: try #require(second["state"]))
        #expect(try await onOwnThread { try browser.get(crossed) }.status == 502)
        try SignInFailureTests.expectNothingStored(harness, browser)
        let own = harness.callbackTarget(code: "CODE-FIRST", state: try #require(first["state"]))
        #expect(try await onOwnThread { try browser.get(own) }.status == 303)
        #expect(try browser.get("/session").status == 200)
        await harness.stop()
    }

    @Test func userIDWithAtSignAndDot_isServed_rawAndPercentEncoded() async throws {
        let harness = try SignInHarness(provider: .v4)
        #expect(try await harness.signInOnOwnThread(TestBrowser(port: harness.port)).status == 303)
        let raw = "/api/users/A1B2C3D4E5F6.7890@AdobeID"
        let encoded = "/api/users/A1B2C3D4E5F6.7890%40AdobeID"
        for path in [raw, encoded] {
            let (status, body) = try await TokenRefreshTests.token(harness, String(path.dropFirst("/api/users/".count)))
            #expect(status == 200, "\(path)")
            #expect(body["access_token"] as? String == FrameIOStandIn.accessToken(1), "\(path)")
        }
        #expect(try harness.api("/api/users/A1B2C3D4E5F6%2E7890%40AdobeID/token").status == 200)
        #expect(try await RevocationTests.delete(harness, "A1B2C3D4E5F6.7890%40AdobeID") == 204)
        #expect(try harness.api(raw + "/token").status == 404)
        #expect(try Self.users(harness).isEmpty)
        await harness.stop()
    }

    @Test func appWithoutRefreshTokens_getsItsAccessTokenUntilExpiry_thenLoginRequired_withoutARefresh() async throws {
        // An OAuth Single-Page App: PKCE, and IMS issues no refresh token.
        let harness = try SignInHarness(kind: .pkce, provider: .v4, expiresIn: 100)
        harness.standIn.setIssuesRefreshTokens(false)
        let browser = TestBrowser(port: harness.port)
        #expect(try await harness.signInOnOwnThread(browser).status == 303)
        #expect(try Self.users(harness).first?["refresh_expires_at"] is NSNull)
        let user = FrameIOStandIn.v4UserID
        var (status, body) = try await TokenRefreshTests.token(harness, user)
        #expect(status == 200 && body["access_token"] as? String == FrameIOStandIn.accessToken(1))
        harness.advanceClock(by: 50)  // 50 s left: inside the 60 s skew, but there is nothing to refresh with
        (status, body) = try await TokenRefreshTests.token(harness, user)
        #expect(status == 200 && body["access_token"] as? String == FrameIOStandIn.accessToken(1))
        #expect(body["expires_in"] as? Int == 50)
        harness.advanceClock(by: 49)
        (status, body) = try await TokenRefreshTests.token(harness, user)
        #expect(status == 200 && body["expires_in"] as? Int == 1)
        harness.advanceClock(by: 1)  // expired
        (status, body) = try await TokenRefreshTests.token(harness, user)
        #expect(status == 409)
        #expect(body["error"] as? String == "login_required")
        #expect(try await TokenRefreshTests.token(harness, user).status == 409)
        #expect(try browser.get("/session").status == 401)
        #expect(harness.standIn.tokenRequests.count == 1, "a refresh went out")
        await harness.stop()
    }
}
