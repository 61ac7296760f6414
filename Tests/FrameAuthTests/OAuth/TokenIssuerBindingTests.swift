import Foundation
@testable import FrameAuth
import LoopbackClient
import Testing

/// Tokens go only back to the issuer that issued them (CONTRACT §7): after
/// the provider, issuer, token URL or client id changes on the same data
/// folder, old sessions need a new sign-in and their tokens go nowhere.
@Suite("Token issuer binding", .serialized) struct TokenIssuerBindingTests {
    /// One setting of the session binding, changed between two runs.
    enum Change: String, CaseIterable, Sendable {
        case provider, issuer, tokenURL, clientID

        func apply(to configuration: inout Configuration, standIn: FrameIOStandIn) {
            switch self {
            case .provider: configuration.provider = .legacy
            case .issuer: configuration.issuer = standIn.endpoint.url("/another-issuer")
            // Same stand-in, another path: anything sent there is still seen.
            case .tokenURL: configuration.tokenURL = standIn.endpoint.url("/token/v3")
            case .clientID: configuration.clientID = "another-frameauth-client"
            }
        }
    }

    /// A browser with `browser`'s cookies, for the restarted server's port.
    static func reopen(_ browser: TestBrowser, on harness: SignInHarness) -> TestBrowser {
        let again = TestBrowser(port: harness.port)
        for (name, value) in browser.cookies { again.setCookie(name, value) }
        return again
    }

    @Test(arguments: Change.allCases)
    func changedBinding_endsOldSessions_andSendsTheirTokensNowhere(_ change: Change) async throws {
        let harness = try SignInHarness(provider: .v4, expiresIn: 100)
        let user = FrameIOStandIn.v4UserID
        let first = TestBrowser(port: harness.port)
        #expect(try await harness.signInOnOwnThread(first).status == 303)
        try await harness.restart { change.apply(to: &$0, standIn: harness.standIn) }
        let requestsBefore = harness.standIn.endpoint.requests.count

        let browser = Self.reopen(first, on: harness)
        #expect(try browser.get("/session").status == 401)
        let landing = try browser.get("/")
        #expect(landing.text.contains("href=\"/login\""))
        #expect(!landing.text.contains("Ada &lt;Lovelace&gt;"))
        var (status, body) = try await TokenRefreshTests.token(harness, user)
        #expect(status == 409)
        #expect(body["error"] as? String == "login_required")
        harness.advanceClock(by: 50)  // due for a refresh: still none goes out
        (status, body) = try await TokenRefreshTests.token(harness, user)
        #expect(status == 409 && body["error"] as? String == "login_required")
        #expect(try await RevocationTests.disconnect(browser, headers: RevocationTests.ownOrigin(harness)).status == 401)
        #expect(try await RevocationTests.delete(harness, user) == 204)  // forgotten, never revoked

        let sent = harness.standIn.endpoint.requests.dropFirst(requestsBefore).map(\.target)
        #expect(sent.count == 0, "sent after the change: \(sent)")
        await harness.stop()
    }

    @Test func signingInAgainUnderTheNewClient_servesTheNewTokens() async throws {
        let harness = try SignInHarness(provider: .v4)
        #expect(try await harness.signInOnOwnThread(TestBrowser(port: harness.port)).status == 303)
        try await harness.restart { $0.clientID = "another-frameauth-client" }
        #expect(try await TokenRefreshTests.token(harness, FrameIOStandIn.v4UserID).status == 409)
        let browser = TestBrowser(port: harness.port)
        #expect(try await harness.signInOnOwnThread(browser).status == 303)
        #expect(try browser.get("/session").status == 200)
        let (status, body) = try await TokenRefreshTests.token(harness, FrameIOStandIn.v4UserID)
        #expect(status == 200)
        #expect(body["access_token"] as? String == FrameIOStandIn.accessToken(2))
        await harness.stop()
    }

    @Test func sessionsStoredBeforeBindings_areServedAsLegacy_andEndUnderV4() async throws {
        let harness = try SignInHarness(provider: .legacy) { $0.encryptionKey = Format1JournalFixture.key }
        // A data folder written before bindings were recorded, served under any legacy
        // configuration: here with another token URL than whichever issued its tokens.
        try await harness.restart(changing: { $0.tokenURL = harness.standIn.endpoint.url("/token/v2") }, whileStopped: {
            try Data(Format1JournalFixture.bytes).write(to: URL(fileURLWithPath: harness.dataDir + "/" + Journal.fileName))
        })
        let (status, body) = try await TokenRefreshTests.token(harness, "user-1")
        #expect(status == 200)
        #expect(body["access_token"] as? String == "access-1-refreshed")
        let browser = TestBrowser(port: harness.port)
        browser.setCookie("frameauth_session", Format1JournalFixture.sessionID("A").cookieValue)  // user-1's
        #expect(try browser.get("/session").status == 200)

        try await harness.restart {
            $0.provider = .v4
            $0.issuer = harness.standIn.issuer
            $0.revocationURL = harness.standIn.endpoint.url("/revoke")
        }
        for user in ["user-1", "user-2"] {
            #expect(try await TokenRefreshTests.token(harness, user).status == 409, "\(user)")
        }
        let reopened = Self.reopen(browser, on: harness)
        #expect(try reopened.get("/session").status == 401)
        #expect(try await RevocationTests.delete(harness, "user-1") == 204)
        let sent = harness.standIn.endpoint.requests.map(\.target)
        #expect(sent.count == 0, "a token stored before bindings was sent to \(sent)")
        await harness.stop()
    }
}
