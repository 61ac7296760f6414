import Foundation
@testable import FrameAuth
import LoopbackClient
import Testing

/// Demo mode over real sockets: FrameAuth signs in against its own stand-in,
/// with real libcurl calls to its own `/_demo/` token and identity endpoints;
/// for V4 (the default) also its key set and revocation, with id_tokens
/// signed by the stand-in's RSA key.
@Suite("Demo mode", .serialized) struct DemoFlowTests {
    /// FrameAuth started with no client id, as a newcomer would start it.
    final class Demo: @unchecked Sendable {
        let clock = TestClock()
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("frameauth-demo-\(UUID().uuidString)").path
        let application: Application
        let provider: ProviderKind
        var port: Int { application.server.port }

        init(provider: ProviderKind = .v4) throws {
            self.provider = provider
            var configuration = Configuration(provider: provider)
            configuration.port = 0
            configuration.dataDir = dataDir
            configuration.publicDir = SignInHarness.publicDir
            configuration.apiKeys = [SignInHarness.apiKey]
            var environment = Application.Environment()
            environment.log = { _ in }
            environment.accessLog = nil
            environment.now = clock.now
            application = try Application.start(configuration, environment: environment)
        }

        func stop() async {
            await application.stop()
            try? FileManager.default.removeItem(atPath: dataDir)
        }

        /// From /login through the stand-in's sign-in form to its consent
        /// page's decision; returns where the stand-in sends the browser.
        func authorize(_ browser: TestBrowser, email: String, decision: String) throws -> String {
            let login = try browser.get("/login")
            let authorizeURL = try #require(login.header("Location"))
            let origin = "http://127.0.0.1:\(port)"
            #expect(authorizeURL.hasPrefix(origin + "/_demo/oauth2/auth?"))
            let signInPage = try browser.get(String(authorizeURL.dropFirst(origin.count)))
            #expect(signInPage.status == 200)
            #expect(signInPage.text.contains("class=\"demo-banner\""))
            let signInID = try #require(Self.hiddenSignIn(in: signInPage.text))
            let consent = try browser.post("/_demo/oauth2/auth", form: "sign_in=\(signInID)&email=\(email.replacingOccurrences(of: "@", with: "%40"))")
            #expect(consent.status == 200)
            #expect(consent.text.contains("id=\"demo-approve\"") && consent.text.contains("demo-banner"))
            let decided = try browser.post("/_demo/oauth2/consent", form: "sign_in=\(signInID)&decision=\(decision)")
            #expect(decided.status == 303)
            let location = try #require(decided.header("Location"))
            #expect(location.hasPrefix(origin + "/callback?"))
            // RFC 9207: the V4 stand-in names itself, as Adobe IMS does.
            #expect(TestBrowser.query(of: location)["iss"] == (provider == .v4 ? origin + "/_demo" : nil))
            return String(location.dropFirst(origin.count))
        }

        /// `authorize`, approved, then the callback from a thread of its own
        /// (see `onOwnThread`): a V4 callback fetches the stand-in's key set in
        /// a task of its own, which needs a free thread in the pool.
        func signIn(_ browser: TestBrowser, email: String) async throws -> RawResponse {
            let callback = try authorize(browser, email: email, decision: "approve")
            return try await onOwnThread { try browser.get(callback) }
        }

        static func hiddenSignIn(in page: String) -> String? {
            guard let range = page.range(of: "name=\"sign_in\" value=\"") else { return nil }
            return String(page[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    @Test(arguments: ProviderKind.allCases)
    func newcomer_signsInThroughTheStandIn_andSeesThemselvesSignedIn(provider: ProviderKind) async throws {
        let demo = try Demo(provider: provider)
        let browser = TestBrowser(port: demo.port)
        let callback = try await demo.signIn(browser, email: "grace@example.com")
        #expect(callback.status == 303)
        #expect(callback.header("Location") == "/")
        let landing = try browser.get("/")
        #expect(landing.text.contains("You are signed in"))
        #expect(landing.text.contains("grace@example.com"))
        #expect(landing.text.contains("class=\"demo-banner\""))
        // Demo sessions are kept apart from the real ones.
        #expect(FileManager.default.fileExists(atPath: demo.dataDir + "/demo"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: demo.dataDir) == ["demo"])
        await demo.stop()
    }

    @Test func deny_endsOnFrameAuthsErrorPage_namingAccessDenied() async throws {
        let demo = try Demo()
        let browser = TestBrowser(port: demo.port)
        let callback = try browser.get(try demo.authorize(browser, email: "grace@example.com", decision: "deny"))
        #expect(callback.status == 400)
        #expect(callback.text.contains("access_denied"))
        #expect(callback.text.contains("demo-banner"))
        #expect(try browser.get("/session").status == 401)
        await demo.stop()
    }

    @Test(arguments: ProviderKind.allCases)
    func tokens_comeFromTheStandIn_andAreRefreshedWhenDue(provider: ProviderKind) async throws {
        let demo = try Demo(provider: provider)
        let browser = TestBrowser(port: demo.port)
        #expect(try await demo.signIn(browser, email: "ada@example.com").status == 303)
        let userID = DemoAuthority.user(email: "ada@example.com").id
        let first = try await onOwnThread { try Self.accessToken(demo, userID) }
        #expect(try Self.me(demo, token: first).status == 200)

        // Demo tokens live 120 s; with the 60 s skew they are due after 60.
        demo.clock.advance(by: 61)
        let second = try await onOwnThread { try Self.accessToken(demo, userID) }
        #expect(second != first)
        let me = try Self.me(demo, token: second)
        #expect(me.status == 200)
        #expect(me.text.contains("\"email\":\"ada@example.com\""))
        #expect(me.text.hasPrefix("{\"data\":") == (provider == .v4))
        #expect(try Self.me(demo, token: "not-a-token").status == 401)
        await demo.stop()
    }

    @Test func v4Disconnect_revokesAtTheStandIn_soTheTokenStopsWorking() async throws {
        let demo = try Demo(provider: .v4)
        let browser = TestBrowser(port: demo.port)
        #expect(try await demo.signIn(browser, email: "ada@example.com").status == 303)
        let userID = DemoAuthority.user(email: "ada@example.com").id
        let token = try await onOwnThread { try Self.accessToken(demo, userID) }
        #expect(try Self.me(demo, token: token).status == 200)
        let disconnected = try await onOwnThread { try browser.post("/disconnect", form: "") }
        #expect(disconnected.status == 303)
        #expect(try Self.me(demo, token: token).status == 401)
        #expect(try browser.get("/session").status == 401)
        await demo.stop()
    }

    @Test func v4StandIn_publishesItsSigningKey_asAnRS256KeySet() async throws {
        let demo = try Demo(provider: .v4)
        let keys = try TestBrowser(port: demo.port).get("/_demo/ims/keys")
        #expect(keys.status == 200)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(keys.text.utf8)) as? [String: [[String: String]]])
        let key = try #require(json["keys"]?.first)
        #expect(key["kty"] == "RSA" && key["alg"] == "RS256" && key["kid"] != nil)
        #expect(try #require(key["n"]).utf8.count == 342)  // 2048 bits in base64url
        await demo.stop()
        let legacy = try Demo(provider: .legacy)
        #expect(try TestBrowser(port: legacy.port).get("/_demo/ims/keys").status == 404)
        await legacy.stop()
    }

    @Test func authorizeRequest_fromAnUnknownClient_isShownNotRedirected() async throws {
        let demo = try Demo()
        let refused = try TestBrowser(port: demo.port).get("/_demo/oauth2/auth?response_type=code&client_id=evil&redirect_uri=http://evil.example/")
        #expect(refused.status == 400)
        #expect(refused.header("Location") == nil)
        #expect(refused.text.contains("unauthorized_client"))
        #expect(refused.text.contains("demo-banner"))
        await demo.stop()
    }

    static func accessToken(_ demo: Demo, _ userID: String) throws -> String {
        let client = try RawClient(port: demo.port)
        try client.send("GET /api/users/\(userID)/token HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(SignInHarness.apiKey)\r\nConnection: close\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 200)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        return try #require(json["access_token"] as? String)
    }

    static func me(_ demo: Demo, token: String) throws -> RawResponse {
        let client = try RawClient(port: demo.port)
        try client.send("GET \(DemoMode.userinfoPath(demo.provider)) HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(token)\r\nConnection: close\r\n\r\n")
        return try client.readResponse()
    }
}
