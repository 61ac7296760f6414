import Foundation
@testable import FrameAuth
import LoopbackClient
import Testing

/// Withdrawing a user (`DELETE /api/users/{id}`, `POST /disconnect`)
/// revokes their tokens at the provider (RFC 7009, CONTRACT §3, §5, §7):
/// the refresh token, then the access token, with the app's client
/// authentication; best effort, so a failing endpoint never keeps the data.
@Suite("Revocation", .serialized) struct RevocationTests {
    static func harness(kind: SignInHarness.AppKind = .confidential) throws -> SignInHarness {
        try SignInHarness(kind: kind, provider: .v4, clientTimeout: .seconds(1)) { $0.metricsPort = 0 }
    }

    static func ownOrigin(_ harness: SignInHarness) -> [(String, String)] { [("Origin", "http://127.0.0.1:\(harness.port)")] }

    /// `DELETE /api/users/{id}`'s status. From a thread of its own (see `onOwnThread`): the server revokes while it waits.
    static func delete(_ harness: SignInHarness, _ user: String = FrameIOStandIn.v4UserID) async throws -> Int {
        try await onOwnThread { try harness.api("/api/users/\(user)", method: "DELETE").status }
    }

    /// `POST /disconnect` from `browser`, from a thread of its own.
    static func disconnect(_ browser: TestBrowser, headers: [(String, String)]) async throws -> RawResponse {
        try await onOwnThread { try browser.request("POST", "/disconnect", headers: headers) }
    }

    /// The revocation requests' `token` and `token_type_hint`, in order.
    static func revoked(_ harness: SignInHarness) throws -> [String] {
        try harness.standIn.revocationRequests.map { request in
            let form = try FormParametersTestView(request.bodyText)
            return "\(form["token_type_hint"] ?? "no hint"):\(form["token"] ?? "no token")"
        }
    }

    static func revocationCounts(_ harness: SignInHarness) throws -> (success: Double?, failed: Double?) {
        let samples = try MetricsEndpointTests.scrape(harness).samples
        return (samples[#"frameauth_revocations_total{result="success"}"#], samples[#"frameauth_revocations_total{result="failed"}"#])
    }

    static func expectUserGone(_ harness: SignInHarness, _ user: String = FrameIOStandIn.v4UserID) throws {
        #expect(try harness.api("/api/users/\(user)/token").status == 404)
        #expect(try V4SignInTests.users(harness).allSatisfy { $0["id"] as? String != user })
    }

    @Test func deletingAUser_revokesTheRefreshTokenThenTheAccessToken_withBasicAuth() async throws {
        let harness = try Self.harness()
        let browser = TestBrowser(port: harness.port)
        #expect(try await harness.signInOnOwnThread(browser).status == 303)
        #expect(try await Self.delete(harness) == 204)

        #expect(try Self.revoked(harness) == [
            "refresh_token:\(FrameIOStandIn.refreshToken(1))",
            "access_token:\(FrameIOStandIn.accessToken(1))",
        ])
        let credentials = Data("\(SignInHarness.clientID):\(SignInHarness.clientSecret)".utf8).base64EncodedString()
        for request in harness.standIn.revocationRequests {
            #expect(request.method == "POST")
            #expect(request.header("Content-Type") == "application/x-www-form-urlencoded")
            #expect(request.header("Authorization") == "Basic \(credentials)")
            #expect(try FormParametersTestView(request.bodyText)["client_id"] == nil)
            #expect(!request.bodyText.contains(SignInHarness.clientSecret))
        }
        try Self.expectUserGone(harness)
        #expect(try browser.get("/session").status == 401)
        let counts = try Self.revocationCounts(harness)
        #expect(counts.success == 1 && counts.failed == 0)
        await harness.stop()
    }

    @Test func pkceApp_revokesWithItsClientIDInTheBody_andNoAuthorizationHeader() async throws {
        let harness = try Self.harness(kind: .pkce)
        #expect(try await harness.signInOnOwnThread(TestBrowser(port: harness.port)).status == 303)
        #expect(try await Self.delete(harness) == 204)
        #expect(try Self.revoked(harness).map { $0.prefix { $0 != ":" } } == ["refresh_token", "access_token"])
        for request in harness.standIn.revocationRequests {
            #expect(request.header("Authorization") == nil)
            #expect(try FormParametersTestView(request.bodyText)["client_id"] == SignInHarness.clientID)
        }
        await harness.stop()
    }

    @Test func appWithoutRefreshTokens_revokesItsAccessToken() async throws {
        let harness = try Self.harness(kind: .pkce)
        harness.standIn.setIssuesRefreshTokens(false)
        #expect(try await harness.signInOnOwnThread(TestBrowser(port: harness.port)).status == 303)
        #expect(try await Self.delete(harness) == 204)
        #expect(try Self.revoked(harness) == ["access_token:\(FrameIOStandIn.accessToken(1))"])
        await harness.stop()
    }

    @Test func disconnect_endsEveryBrowserSessionOfTheUser_revokes_andLeavesOtherUsersAlone() async throws {
        let harness = try Self.harness()
        let laptop = TestBrowser(port: harness.port)
        let phone = TestBrowser(port: harness.port)
        #expect(try await harness.signInOnOwnThread(laptop).status == 303)
        #expect(try await harness.signInOnOwnThread(phone).status == 303)  // the same user again: tokens 2 replace tokens 1
        harness.standIn.setUser("B0B0B0B0B0B0.0001@AdobeID")
        let someoneElse = TestBrowser(port: harness.port)
        #expect(try await harness.signInOnOwnThread(someoneElse).status == 303)

        let response = try await Self.disconnect(laptop, headers: Self.ownOrigin(harness))
        #expect(response.status == 303)
        #expect(response.header("Location") == "/")
        #expect(response.header("Cache-Control") == "no-store")
        #expect(laptop.cookies["frameauth_session"] == nil)
        #expect(try laptop.get("/session").status == 401)
        #expect(try phone.get("/session").status == 401)
        #expect(try phone.get("/").text.contains("href=\"/login\""))
        #expect(try Self.revoked(harness) == [
            "refresh_token:\(FrameIOStandIn.refreshToken(2))",
            "access_token:\(FrameIOStandIn.accessToken(2))",
        ])
        try Self.expectUserGone(harness)
        #expect(try someoneElse.get("/session").status == 200)
        #expect(try await TokenRefreshTests.token(harness, "B0B0B0B0B0B0.0001@AdobeID").status == 200)
        await harness.stop()
    }

    @Test func disconnect_withoutASession_is401_andFromAForeignSite_is403_andNeitherRevokes() async throws {
        let harness = try Self.harness()
        let browser = TestBrowser(port: harness.port)
        #expect(try await Self.disconnect(TestBrowser(port: harness.port), headers: Self.ownOrigin(harness)).status == 401)
        #expect(try await harness.signInOnOwnThread(browser).status == 303)
        #expect(try await Self.disconnect(browser, headers: [("Origin", "https://evil.example")]).status == 403)
        #expect(try await Self.disconnect(browser, headers: [("Origin", "null"), ("Sec-Fetch-Site", "cross-site")]).status == 403)
        #expect(try browser.get("/session").status == 200)
        #expect(harness.standIn.revocationRequests.isEmpty)
        // Our own button: `Origin: null` (Referrer-Policy: no-referrer) and same-origin.
        let own = try await Self.disconnect(browser, headers: [("Origin", "null"), ("Sec-Fetch-Site", "same-origin")])
        #expect(own.status == 303)
        #expect(harness.standIn.revocationRequests.count == 2)
        await harness.stop()
    }

    static let revocationFaults: [(String, FakeHTTPEndpoint.Reply)] = [
        ("server error", .respond(status: 500, body: Array("oops".utf8))),
        ("invalid_client", .json(#"{"error":"invalid_client"}"#, status: 401)),
        ("reset", .resetConnection),
        ("time-out", .delayed(.seconds(3), .respond(status: 200))),
    ]

    @Test(arguments: revocationFaults.map(\.0))
    func failingRevocation_stillDeletesTheUser_andIsCountedAsFailed(_ fault: String) async throws {
        let reply = try #require(Self.revocationFaults.first { $0.0 == fault }?.1)
        let harness = try Self.harness()
        harness.standIn.setRevocationReply(reply)
        #expect(try await harness.signInOnOwnThread(TestBrowser(port: harness.port)).status == 303)
        #expect(try await Self.delete(harness) == 204)
        // The access token is tried after a failed refresh token, and neither is sent twice.
        #expect(try Self.revoked(harness).map { $0.prefix { $0 != ":" } } == ["refresh_token", "access_token"])
        try Self.expectUserGone(harness)
        let counts = try Self.revocationCounts(harness)
        #expect(counts.success == 0 && counts.failed == 1)
        #expect(harness.logText.contains("revoking"))
        #expect(!harness.logText.contains(FrameIOStandIn.accessTokenPrefix) && !harness.logText.contains(FrameIOStandIn.refreshTokenPrefix))
        // Nothing comes back after a restart either.
        try await harness.restart()
        try Self.expectUserGone(harness)
        await harness.stop()
    }

    @Test func failingRevocation_stillDisconnects() async throws {
        let harness = try Self.harness()
        harness.standIn.setRevocationReply(.resetConnection)
        let browser = TestBrowser(port: harness.port)
        #expect(try await harness.signInOnOwnThread(browser).status == 303)
        #expect(try await Self.disconnect(browser, headers: Self.ownOrigin(harness)).status == 303)
        #expect(try browser.get("/session").status == 401)
        try Self.expectUserGone(harness)
        #expect(try Self.revocationCounts(harness).failed == 1)
        await harness.stop()
    }

    @Test func withoutARevocationURL_deletingSendsNothing() async throws {
        let harness = try SignInHarness(provider: .v4) { $0.revocationURL = "" }
        #expect(try await harness.signInOnOwnThread(TestBrowser(port: harness.port)).status == 303)
        let requestsBefore = harness.standIn.endpoint.requests.count
        #expect(try await Self.delete(harness) == 204)
        #expect(harness.standIn.endpoint.requests.count == requestsBefore)
        try Self.expectUserGone(harness)
        await harness.stop()
    }
}
