import Foundation
@testable import FrameAuth
import LoopbackClient
import Testing

/// `/metrics` over loopback: only on its own port, and counting what real
/// requests through the real routes did.
@Suite("Metrics endpoint", .serialized) struct MetricsEndpointTests {
    static func harness(expiresIn: Int = 3600) throws -> SignInHarness {
        try SignInHarness(expiresIn: expiresIn) { $0.metricsPort = 0 }
    }

    static func metricsPort(_ harness: SignInHarness) throws -> Int {
        try #require(harness.application.metricsServer).port
    }

    static func get(_ path: String, port: Int) throws -> RawResponse {
        let client = try RawClient(port: port)
        try client.send("GET \(path) HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        return try client.readResponse()
    }

    /// The scraped page, and its samples by `name{labels}`.
    static func scrape(_ harness: SignInHarness) throws -> (text: String, samples: [String: Double]) {
        let response = try get("/metrics", port: try metricsPort(harness))
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
        var samples: [String: Double] = [:]
        for line in response.text.split(separator: "\n") where !line.hasPrefix("#") {
            let space = try #require(line.lastIndex(of: " "))
            samples[String(line[..<space])] = Double(line[line.index(after: space)...])
        }
        return (response.text, samples)
    }

    @Test func metrics_areOffByDefault_andNeverOnTheMainPort() async throws {
        let harness = try SignInHarness()
        #expect(harness.application.metricsServer == nil)
        #expect(try Self.get("/metrics", port: harness.port).status == 404)
        #expect(!harness.logText.contains("metrics on"))
        await harness.stop()
    }

    @Test func metricsPort_servesOnlyMetrics_andTheLogSaysWhere() async throws {
        let harness = try Self.harness()
        let port = try Self.metricsPort(harness)
        #expect(port != harness.port)
        #expect(harness.logText.contains("metrics on http://127.0.0.1:\(port)/metrics"))
        #expect(!harness.logText.contains("serves no /metrics"))
        #expect(try Self.get("/metrics", port: harness.port).status == 404)
        for path in ["/", "/healthz", "/login", "/metrics/x"] {
            #expect(try Self.get(path, port: port).status == 404)
        }
        await harness.stop()
    }

    @Test func requests_areCountedByRoutePatternAndStatus_neverByRawPath() async throws {
        let harness = try Self.harness()
        let browser = TestBrowser(port: harness.port)
        for path in ["/healthz", "/healthz", "/readyz", "/login", "/missing", "/style.css", "/metrics"] { _ = try browser.get(path) }
        #expect(try harness.api("/api/users/USER-5e3a91/token").status == 404)
        #expect(try harness.api("/api/users", key: nil).status == 401)
        let garbage = try RawClient(port: harness.port)
        try garbage.send("GARBAGE\r\n\r\n")
        #expect(try garbage.readResponse().status == 400)

        let (text, samples) = try Self.scrape(harness)
        let requests = samples.filter { $0.key.hasPrefix("frameauth_http_requests_total{") }
        #expect(requests == [
            #"frameauth_http_requests_total{route="/healthz",status="200"}"#: 2,
            #"frameauth_http_requests_total{route="/readyz",status="200"}"#: 1,
            #"frameauth_http_requests_total{route="/login",status="302"}"#: 1,
            #"frameauth_http_requests_total{route="/api/users/{id}/token",status="404"}"#: 1,
            #"frameauth_http_requests_total{route="/api/users",status="401"}"#: 1,
            #"frameauth_http_requests_total{route="other",status="200"}"#: 1,
            #"frameauth_http_requests_total{route="other",status="404"}"#: 2,
            #"frameauth_http_requests_total{route="refused",status="400"}"#: 1,
        ])
        #expect(!text.contains("USER-5e3a91") && !text.contains("/missing") && !text.contains("style.css"))
        await harness.stop()
    }

    @Test func signInsRefreshesAndTokenEndpointLatency_areCounted_withoutUserData() async throws {
        let harness = try Self.harness(expiresIn: 100)
        let browser = TestBrowser(port: harness.port)
        #expect(try harness.signIn(browser).status == 303)
        #expect(try browser.get("/callback?code=c&state=forged").status == 400)
        var samples = try Self.scrape(harness).samples
        #expect(samples[#"frameauth_logins_total{result="success"}"#] == 1)
        #expect(samples[#"frameauth_logins_total{result="invalid_state"}"#] == 1)
        #expect(samples[#"frameauth_logins_total{result="token_endpoint_failed"}"#] == 0)
        #expect(samples[#"frameauth_token_endpoint_duration_seconds_count{grant_type="authorization_code"}"#] == 1)
        #expect(samples[#"frameauth_token_endpoint_duration_seconds_bucket{grant_type="authorization_code",le="+Inf"}"#] == 1)
        #expect(samples[#"frameauth_token_endpoint_duration_seconds_count{grant_type="refresh_token"}"#] == 0)
        #expect(samples["frameauth_live_sessions"] == 1)

        let token = { @Sendable in try harness.api("/api/users/\(FrameIOStandIn.userID)/token").status }
        harness.advanceClock(by: 41)  // 59 s left: due
        #expect(try await onOwnThread(token) == 200)
        harness.advanceClock(by: 41)
        harness.standIn.setTokenReply(.json(#"{"error":"invalid_grant"}"#, status: 400))
        #expect(try await onOwnThread(token) == 409)
        let (text, after) = try Self.scrape(harness)
        samples = after
        #expect(samples[#"frameauth_token_refreshes_total{result="success"}"#] == 1)
        #expect(samples[#"frameauth_token_refreshes_total{result="rejected"}"#] == 1)
        #expect(samples[#"frameauth_token_refreshes_total{result="unavailable"}"#] == 0)
        #expect(samples[#"frameauth_token_endpoint_duration_seconds_count{grant_type="refresh_token"}"#] == 2)
        #expect(try #require(samples[#"frameauth_token_endpoint_duration_seconds_sum{grant_type="refresh_token"}"#]) > 0)
        #expect(samples["frameauth_live_sessions"] == 0)
        for secret in [FrameIOStandIn.userID, FrameIOStandIn.email, FrameIOStandIn.accessTokenPrefix, FrameIOStandIn.refreshTokenPrefix,
                       "forged", SignInHarness.apiKey, SignInHarness.clientSecret] {
            #expect(!text.contains(secret))
        }
        await harness.stop()
    }

    @Test func failedTokenExchange_isCounted_andTimed() async throws {
        let harness = try SignInHarness(tokenReply: .json("{}", status: 500)) { $0.metricsPort = 0 }
        #expect(try harness.signIn(TestBrowser(port: harness.port)).status == 502)
        let samples = try Self.scrape(harness).samples
        #expect(samples[#"frameauth_logins_total{result="token_endpoint_failed"}"#] == 1)
        #expect(samples[#"frameauth_logins_total{result="success"}"#] == 0)
        #expect(samples[#"frameauth_token_endpoint_duration_seconds_count{grant_type="authorization_code"}"#] == 1)
        await harness.stop()
    }

    @Test func openConnections_isTheMainPortsCount() async throws {
        let harness = try Self.harness()
        let held = try RawClient(port: harness.port)
        try held.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try held.readResponse().status == 200)
        #expect(try Self.scrape(harness).samples["frameauth_open_connections"] == 1)
        await harness.stop()
    }
}
