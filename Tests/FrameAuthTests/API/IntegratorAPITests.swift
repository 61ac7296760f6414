import Foundation
@testable import FrameAuth
import LoopbackClient
import Testing

/// The integrator API over loopback: the key check, the user list, and
/// deleting users. Token hand-out and refresh are in `TokenRefreshTests`.
@Suite("Integrator API", .serialized) struct IntegratorAPITests {
    static func json(_ response: RawResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
    }

    @Test func api_isOff_withoutAKey() async throws {
        let harness = try SignInHarness(apiKey: nil)
        #expect(try harness.api("/api/users").status == 404)
        await harness.stop()
    }

    @Test(arguments: [nil, "wrong-key", "\(SignInHarness.apiKey)x", String(SignInHarness.apiKey.dropLast())])
    func api_refuses_aMissingOrWrongKey(_ key: String?) async throws {
        let harness = try SignInHarness()
        let response = try harness.api("/api/users", key: key)
        #expect(response.status == 401)
        #expect(response.header("WWW-Authenticate") == "Bearer")
        #expect(response.header("Cache-Control") == "no-store")
        #expect(try Self.json(response)["error"] as? String == "unauthorized")
        await harness.stop()
    }

    @Test func api_acceptsEveryListedKey_andMetricsCountCallsByKeyPosition_neverTheKey() async throws {
        let newKey = "ak-NEW-" + String(repeating: "n", count: 40)
        let harness = try SignInHarness { configuration in
            configuration.apiKeys = [newKey, SignInHarness.apiKey]
            configuration.metricsPort = 0
        }
        for key in [newKey, newKey, SignInHarness.apiKey] {
            #expect(try harness.api("/api/users", key: key).status == 200)
        }
        #expect(try harness.api("/api/users", key: "ak-OLD-" + String(repeating: "o", count: 40)).status == 401)
        #expect(try harness.api("/api/users", key: nil).status == 401)

        let (text, samples) = try MetricsEndpointTests.scrape(harness)
        #expect(samples[#"frameauth_api_requests_total{key="1"}"#] == 2)
        #expect(samples[#"frameauth_api_requests_total{key="2"}"#] == 1)
        #expect(samples[#"frameauth_api_requests_total{key="none"}"#] == 2)
        #expect(!text.contains("ak-NEW") && !text.contains(SignInHarness.apiKey) && !text.contains("ak-OLD"))
        await harness.stop()
    }

    @Test func api_refusesOtherSchemes_andAcceptsBearerInAnyCase_afterOneOrMoreSpaces() async throws {
        let harness = try SignInHarness()
        func status(authorization: String) throws -> Int {
            let client = try RawClient(port: harness.port)
            try client.send("GET /api/users HTTP/1.1\r\nHost: t\r\nAuthorization: \(authorization)\r\n\r\n")
            return try client.readResponse().status
        }
        #expect(try status(authorization: "Basic \(SignInHarness.apiKey)") == 401)
        #expect(try status(authorization: "bearer \(SignInHarness.apiKey)") == 200)
        // RFC 6750 §2.1: `1*SP` after the scheme.
        #expect(try status(authorization: "Bearer   \(SignInHarness.apiKey)") == 200)
        #expect(try status(authorization: "Bearer   ") == 401)
        await harness.stop()
    }

    @Test func users_listsWhoIsSignedIn_withoutTokens() async throws {
        let harness = try SignInHarness()
        #expect(try harness.signIn(TestBrowser(port: harness.port)).status == 303)
        let response = try harness.api("/api/users")
        #expect(response.status == 200)
        #expect(response.header("Cache-Control") == "no-store")
        #expect(response.header("Content-Type") == "application/json")
        let users = try #require(try Self.json(response)["users"] as? [[String: Any]])
        #expect(users.count == 1)
        #expect(users.first?["id"] as? String == FrameIOStandIn.userID)
        #expect(users.first?["email"] as? String == FrameIOStandIn.email)
        #expect(users.first?["scope"] as? String == "offline account.read asset.read")
        #expect(users.first?["expires_at"] as? String == "2025-06-15T16:06:40Z")
        #expect(users.first?["refresh_expires_at"] as? String == "2025-07-15T15:06:40Z")
        #expect(!response.text.contains(FrameIOStandIn.accessTokenPrefix) && !response.text.contains(FrameIOStandIn.refreshTokenPrefix))
        await harness.stop()
    }

    @Test func delete_forgetsTheUser_inMemoryAndOnDisk() async throws {
        let harness = try SignInHarness()
        let browser = TestBrowser(port: harness.port)
        _ = try harness.signIn(browser)
        let deleted = try harness.api("/api/users/\(FrameIOStandIn.userID)", method: "DELETE")
        #expect(deleted.status == 204)
        #expect(deleted.header("Cache-Control") == "no-store")
        #expect(try harness.api("/api/users/\(FrameIOStandIn.userID)/token").status == 404)
        #expect(try browser.get("/session").status == 401)
        try await harness.restart()
        let users = try #require(try Self.json(try harness.api("/api/users"))["users"] as? [Any])
        #expect(users.isEmpty)
        #expect(try harness.api("/api/users/\(FrameIOStandIn.userID)", method: "DELETE").status == 404)
        await harness.stop()
    }

    @Test func unknownUser_gets404() async throws {
        let harness = try SignInHarness()
        let response = try harness.api("/api/users/nobody/token")
        #expect(response.status == 404)
        #expect(try Self.json(response)["error"] as? String == "unknown_user")
        await harness.stop()
    }
}
