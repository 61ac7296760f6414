import Foundation
@testable import FrameAuth
import LoopbackClient
import Testing

/// Every way a callback can fail: the right status, a page that says so,
/// nothing stored, and, for `state` problems, nothing sent to Frame.io.
@Suite("Sign-in failures", .serialized) struct SignInFailureTests {
    static func startLogin(_ browser: TestBrowser) throws -> String {
        let location = try #require(try browser.get("/login").header("Location"))
        return try #require(TestBrowser.query(of: location)["state"])
    }

    static func expectNothingStored(_ harness: SignInHarness, _ browser: TestBrowser) throws {
        #expect(try browser.get("/session").status == 401)
        #expect(browser.cookies["frameauth_session"] == nil)
    }

    @Test(arguments: ["", "&state=", "&state=never-issued-state-value-0000000000000000"])
    func unknownOrMissingState_gets400_andNoTokenRequest(_ stateParameter: String) async throws {
        let harness = try SignInHarness()
        let browser = TestBrowser(port: harness.port)
        _ = try Self.startLogin(browser)
        let response = try browser.get("/callback?code=C\(stateParameter)")
        #expect(response.status == 400)
        #expect(response.text.contains("Try again"))
        #expect(response.header("Cache-Control") == "no-store")
        #expect(harness.standIn.endpoint.requests.isEmpty)
        try Self.expectNothingStored(harness, browser)
        await harness.stop()
    }

    @Test func reusedState_gets400_andTheCodeIsExchangedOnlyOnce() async throws {
        let harness = try SignInHarness()
        let browser = TestBrowser(port: harness.port)
        let state = try Self.startLogin(browser)
        #expect(try browser.get("/callback?code=C&state=\(state)").status == 303)
        #expect(try browser.get("/callback?code=C&state=\(state)").status == 400)
        #expect(harness.standIn.tokenRequests.count == 1)
        await harness.stop()
    }

    @Test func expiredState_gets400_andNoTokenRequest() async throws {
        let harness = try SignInHarness()
        let browser = TestBrowser(port: harness.port)
        let state = try Self.startLogin(browser)
        harness.advanceClock(by: 601)
        let response = try browser.get("/callback?code=C&state=\(state)")
        #expect(response.status == 400)
        #expect(response.text.contains("expired"))
        #expect(harness.standIn.endpoint.requests.isEmpty)
        await harness.stop()
    }

    @Test func stateFromAnotherBrowser_gets400_andNoTokenRequest() async throws {
        let harness = try SignInHarness()
        let victim = TestBrowser(port: harness.port)
        let state = try Self.startLogin(victim)
        let attacker = TestBrowser(port: harness.port)
        _ = try Self.startLogin(attacker)  // has a binding cookie of its own
        #expect(try attacker.get("/callback?code=C&state=\(state)").status == 400)
        #expect(harness.standIn.endpoint.requests.isEmpty)
        // And the state is used up: the rightful browser cannot finish with it either.
        #expect(try victim.get("/callback?code=C&state=\(state)").status == 400)
        await harness.stop()
    }

    @Test func identityProviderError_isShownEscaped_withNoTokenRequest_andUsesTheStateUp() async throws {
        let harness = try SignInHarness()
        let browser = TestBrowser(port: harness.port)
        let state = try Self.startLogin(browser)
        let response = try browser.get("/callback?error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E&state=\(state)")
        #expect(response.status == 400)
        #expect(response.text.contains("access_denied"))
        #expect(response.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!response.text.contains("<script>"))
        #expect(response.header("Content-Security-Policy")?.contains("default-src 'none'") == true)
        #expect(try browser.get("/callback?code=C&state=\(state)").status == 400)
        #expect(harness.standIn.endpoint.requests.isEmpty)
        await harness.stop()
    }

    static let tokenEndpointFaults: [(String, FakeHTTPEndpoint.Reply)] = [
        ("invalid_grant", .json(#"{"error":"invalid_grant"}"#, status: 400)),
        ("invalid_client", .json(#"{"error":"invalid_client"}"#, status: 401)),
        ("server error", .respond(status: 500, body: Array("oops".utf8))),
        ("garbage", .respond(status: 200, headers: [("Content-Type", "application/json")], body: Array("{not json".utf8))),
        ("HTML", .respond(status: 200, headers: [("Content-Type", "text/html")], body: Array("<html>login</html>".utf8))),
        ("oversize", .oversizedBody(byteCount: 2 * 1024 * 1024, chunked: true)),
        ("reset", .resetConnection),
        ("redirect", .redirect(to: "http://127.0.0.1:1/elsewhere")),
        ("slow", .delayed(.seconds(3), .json(#"{"access_token":"A","expires_in":3600,"token_type":"bearer"}"#))),
    ]

    @Test(arguments: tokenEndpointFaults.map(\.0))
    func tokenEndpointFault_gets502_andStoresNothing(_ fault: String) async throws {
        let reply = try #require(Self.tokenEndpointFaults.first { $0.0 == fault }?.1)
        let harness = try SignInHarness(tokenReply: reply, clientTimeout: .seconds(1))
        let browser = TestBrowser(port: harness.port)
        let response = try harness.signIn(browser)
        #expect(response.status == 502)
        #expect(response.text.contains("Nothing was saved"))
        #expect(response.header("Cache-Control") == "no-store")
        #expect(harness.standIn.tokenRequests.count == 1)  // never retried
        try Self.expectNothingStored(harness, browser)
        await harness.stop()
    }

    @Test func dataOnDisk_isOwnerOnly_andHoldsNoSecretInTheClear() async throws {
        let harness = try SignInHarness()
        let browser = TestBrowser(port: harness.port)
        _ = try harness.signIn(browser)
        let cookie = try #require(browser.cookies["frameauth_session"])
        let folder = try FileManager.default.attributesOfItem(atPath: harness.dataDir)
        #expect((folder[.posixPermissions] as? Int) == 0o700)
        let files = try FileManager.default.contentsOfDirectory(atPath: harness.dataDir)
        #expect(files.contains("sessions.journal") && files.contains("encryption.key"))
        for file in files {
            let path = harness.dataDir + "/" + file
            #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600, "\(file)")
            let bytes = try #require(FileManager.default.contents(atPath: path))
            for secret in [FrameIOStandIn.accessTokenPrefix, FrameIOStandIn.refreshTokenPrefix, FrameIOStandIn.email, cookie, "Lovelace"] {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file) holds a secret in the clear")
            }
        }
        await harness.stop()
    }

    @Test func logsOfAWholeRun_holdNoTokenCodeStateSecretOrCookie() async throws {
        let harness = try SignInHarness(kind: .confidentialWithPKCE)
        let browser = TestBrowser(port: harness.port)
        let login = try browser.get("/login?return_to=/after")
        let location = try #require(login.header("Location"))
        let query = TestBrowser.query(of: location)
        let state = try #require(query["state"])
        #expect(try browser.get("/callback?code=SECRET-AUTH-CODE&state=\(state)").status == 303)
        _ = try browser.get("/session")
        _ = try browser.get("/callback?code=SECRET-AUTH-CODE&state=\(state)")  // a refused replay, logged too
        _ = try browser.request("POST", "/logout")
        let sessionCookie = "frameauth_session"
        await harness.stop()
        let log = harness.logText
        #expect(log.contains("\"path\":\"/callback\""))  // the run was logged
        var secrets = [FrameIOStandIn.accessTokenPrefix, FrameIOStandIn.refreshTokenPrefix, SignInHarness.clientSecret, "SECRET-AUTH-CODE", state]
        secrets += [query["code_challenge"] ?? "?"] + browser.cookies.values + [sessionCookie + "="]
        for secret in secrets {
            #expect(!log.contains(secret), "the log holds \(secret.prefix(12))…")
        }
    }
}
