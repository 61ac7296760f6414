import Foundation
import HTTPServer
import Testing
@testable import FrameAuth

/// Real libcurl calls against `FakeHTTPEndpoint` on loopback.
@Suite struct HTTPClientTests {
    static let form: [(String, String)] = [
        ("grant_type", "authorization_code"),
        ("code", "a+b&c=d e"),
        ("redirect_uri", "http://127.0.0.1:8080/callback?x=1"),
        ("name", "ünïcødé ✓"),
    ]

    static func makeClient(totalTimeout: Duration = .seconds(15), maxResponseBytes: Int = 1024 * 1024) -> HTTPClient {
        var configuration = HTTPClientConfiguration()
        configuration.totalTimeout = totalTimeout
        configuration.maxResponseBytes = maxResponseBytes
        return HTTPClient(configuration: configuration)
    }

    @Test func formPost_sendsFormURLEncodedBody_inOrder() async throws {
        let endpoint = try FakeHTTPEndpoint(replies: [.json(#"{"access_token":"t"}"#)])
        let response = try await Self.makeClient().formPost(url: endpoint.url("/oauth2/token"), form: Self.form)

        #expect(response.status == 200)
        #expect(response.contentType == "application/json")
        #expect(response.body == Array(#"{"access_token":"t"}"#.utf8))
        let request = try #require(endpoint.requests.first)
        #expect(request.method == "POST")
        #expect(request.target == "/oauth2/token")
        #expect(request.header("Content-Type") == "application/x-www-form-urlencoded")
        #expect(request.bodyText == "grant_type=authorization_code&code=a%2Bb%26c%3Dd+e"
            + "&redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Fcallback%3Fx%3D1"
            + "&name=%C3%BCn%C3%AFc%C3%B8d%C3%A9+%E2%9C%93")
        let decoded = try FormParameters(decoding: request.body)
        #expect(decoded == FormParameters(Self.form))
    }

    @Test func formPost_sendsBasicAuth_withFormURLEncodedCredentials_whenCredentialsGiven() async throws {
        let endpoint = try FakeHTTPEndpoint(replies: [.json("{}")])
        _ = try await Self.makeClient().formPost(
            url: endpoint.url("/oauth2/token"), form: Self.form, basicAuth: (user: "client id+1", password: "s3cr:t&=/ü")
        )

        // base64("client+id%2B1:s3cr%3At%26%3D%2F%C3%BC"), RFC 6749 §2.3.1.
        #expect(endpoint.requests.first?.header("Authorization") == "Basic Y2xpZW50K2lkJTJCMTpzM2NyJTNBdCUyNiUzRCUyRiVDMyVCQw==")
    }

    @Test func formPost_sendsNoAuthorizationHeader_whenNoCredentialsGiven() async throws {
        let endpoint = try FakeHTTPEndpoint(replies: [.json("{}")])
        _ = try await Self.makeClient().formPost(url: endpoint.url("/oauth2/token"), form: Self.form)

        let request = try #require(endpoint.requests.first)
        #expect(request.header("Authorization") == nil)
    }

    @Test func bearerGet_sendsBearerToken_withoutBody() async throws {
        let endpoint = try FakeHTTPEndpoint(replies: [.json(#"{"id":"u1"}"#)])
        let response = try await Self.makeClient().bearerGet(url: endpoint.url("/v2/me"), token: "abc.DEF-123_~+/==")

        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"id":"u1"}"#)
        let request = try #require(endpoint.requests.first)
        #expect(request.method == "GET")
        #expect(request.target == "/v2/me")
        #expect(request.header("Authorization") == "Bearer abc.DEF-123_~+/==")
        #expect(request.body.isEmpty)
    }

    @Test(arguments: ["abc\r\nX-Injected: 1", "", "a b", "=abc"])
    func bearerGet_refusesToken_thatRFC6750DoesNotAllow(token: String) async throws {
        let endpoint = try FakeHTTPEndpoint(replies: [])
        await #expect(throws: HTTPClientError.invalidBearerToken) {
            try await Self.makeClient().bearerGet(url: endpoint.url("/v2/me"), token: token)
        }
        #expect(endpoint.requests.isEmpty)
    }

    @Test func call_returnsErrorStatus_asResponse() async throws {
        let endpoint = try FakeHTTPEndpoint(replies: [.json(#"{"error":"invalid_grant"}"#, status: 400)])
        let response = try await Self.makeClient().formPost(url: endpoint.url("/oauth2/token"), form: Self.form)

        #expect(response.status == 400)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"error":"invalid_grant"}"#)
    }

    @Test func call_doesNotFollowRedirect() async throws {
        let endpoint = try FakeHTTPEndpoint(replies: [])
        let redirecting = try FakeHTTPEndpoint(replies: [.redirect(to: endpoint.url("/elsewhere"))])
        let response = try await Self.makeClient().bearerGet(url: redirecting.url("/v2/me"), token: "t")

        #expect(response.status == 302)
        #expect(redirecting.requests.count == 1)
        #expect(endpoint.requests.isEmpty)
    }

    @Test func call_timesOut_whenAnswerComesAfterTotalTimeout() async throws {
        // The answer comes at 3 s; .timedOut (not a 200) shows the 1 s limit ended the call first.
        let endpoint = try FakeHTTPEndpoint(replies: [.delayed(.seconds(3), .json("{}"))])
        await #expect(throws: HTTPClientError.timedOut) {
            try await Self.makeClient(totalTimeout: .seconds(1)).formPost(url: endpoint.url("/oauth2/token"), form: Self.form)
        }
    }

    @Test(arguments: [false, true])
    func call_failsResponseTooLarge_whenBodyExceedsLimit(chunked: Bool) async throws {
        let endpoint = try FakeHTTPEndpoint(replies: [.oversizedBody(byteCount: 64 * 1024, chunked: chunked)])
        await #expect(throws: HTTPClientError.responseTooLarge(limit: 4096)) {
            try await Self.makeClient(maxResponseBytes: 4096).bearerGet(url: endpoint.url("/v2/me"), token: "t")
        }
    }

    @Test(arguments: [false, true])
    func call_acceptsBody_ofExactlyTheLimit(chunked: Bool) async throws {
        let endpoint = try FakeHTTPEndpoint(replies: [.oversizedBody(byteCount: 4096, chunked: chunked)])
        let response = try await Self.makeClient(maxResponseBytes: 4096).bearerGet(url: endpoint.url("/v2/me"), token: "t")

        #expect(response.body.count == 4096)
    }

    @Test func call_failsConnectionFailed_whenServerResetsConnection() async throws {
        let endpoint = try FakeHTTPEndpoint(replies: [.resetConnection])
        await #expect {
            try await Self.makeClient().formPost(url: endpoint.url("/oauth2/token"), form: Self.form)
        } throws: { error in
            guard case .connectionFailed = error as? HTTPClientError else { return false }
            return true
        }
        #expect(endpoint.requests.count == 1)
    }

    @Test func call_failsConnectionFailed_whenNothingListens() async throws {
        let endpoint = try FakeHTTPEndpoint(replies: [])
        endpoint.stop()
        try await Task.sleep(for: .milliseconds(50))
        await #expect {
            try await Self.makeClient().bearerGet(url: endpoint.url("/v2/me"), token: "t")
        } throws: { error in
            guard case .connectionFailed = error as? HTTPClientError else { return false }
            return true
        }
    }

    @Test(arguments: ["http://203.0.113.7/oauth2/token", "http://applications.frame.io/oauth2/token", "ftp://127.0.0.1/token"])
    func call_refusesURL_thatIsNeitherHTTPSNorLoopbackHTTP_beforeAnyNetwork(url: String) async {
        // 203.0.113.0/24 is TEST-NET-3 (RFC 5737): an attempt to reach it
        // would hang until the time-out, so a quick refusal proves none was made.
        let started = ContinuousClock.now
        await #expect {
            try await Self.makeClient().formPost(url: url, form: Self.form)
        } throws: { error in
            guard case .invalidURL = error as? HTTPClientError else { return false }
            return true
        }
        #expect(ContinuousClock.now - started < .milliseconds(500))
    }

    @Test func sequentialGETs_reuseOneTCPConnection_butEveryPOSTOpensItsOwn() async throws {
        let endpoint = try FakeHTTPEndpoint(replies: [.json("{}"), .json("{}"), .json("{}"), .json("{}"), .json("{}")])
        let client = Self.makeClient()
        _ = try await client.bearerGet(url: endpoint.url("/v2/me"), token: "t")
        for _ in 0..<2 {
            _ = try await client.formPost(url: endpoint.url("/oauth2/token"), form: Self.form)
            _ = try await client.bearerGet(url: endpoint.url("/v2/me"), token: "t")
        }

        #expect(endpoint.requests.count == 5)
        let gets = endpoint.requests.filter { $0.method == "GET" }.map(\.connection)
        let posts = endpoint.requests.filter { $0.method == "POST" }.map(\.connection)
        #expect(Set(posts).count == 2)
        #expect(Set(posts).isDisjoint(with: [gets[0]]))
        #expect(Set(gets).count < gets.count)
    }

    /// libcurl resends a request whose reused connection dies before any
    /// answer; for a code or a refresh token that is a second presentation.
    @Test func aPOSTWhoseConnectionDies_isSentOnce_neverResent() async throws {
        let endpoint = try FakeHTTPEndpoint(replies: [.json("{}"), .resetConnection, .json("{}")])
        let client = Self.makeClient()
        _ = try await client.bearerGet(url: endpoint.url("/v2/me"), token: "t")
        await #expect(throws: HTTPClientError.self) {
            try await client.formPost(url: endpoint.url("/oauth2/token"), form: Self.form)
        }
        #expect(endpoint.requests.filter { $0.method == "POST" }.count == 1)
    }

    @Test func concurrentCalls_runInParallel_onSeparateWorkers() async throws {
        let barrier = ArrivalBarrier(expected: 2)
        let endpoint = try FakeHTTPEndpoint { _ in
            barrier.arriveAndWait()
            return .json("{}")
        }
        let client = Self.makeClient()
        async let first = client.bearerGet(url: endpoint.url("/v2/me"), token: "a")
        async let second = client.bearerGet(url: endpoint.url("/v2/me"), token: "b")
        let statuses = try await [first.status, second.status]

        #expect(statuses == [200, 200])
        #expect(barrier.allArrivedTogether)
        #expect(endpoint.connectionCount == 2)
    }

    @Test func errorDescriptions_neverContainFormValuesTokensOrCredentials() async throws {
        let secrets = ["code-SECRET-1", "secret-SECRET-2", "refresh-SECRET-3"]
        let form = [("code", secrets[0]), ("refresh_token", secrets[2])]
        let endpoint = try FakeHTTPEndpoint(replies: [
            .delayed(.seconds(3), .json("{}")), .oversizedBody(byteCount: 8192, chunked: true), .resetConnection,
        ])
        let client = Self.makeClient(totalTimeout: .seconds(1), maxResponseBytes: 1024)
        var errors: [HTTPClientError] = []
        for _ in 0..<3 {
            do {
                _ = try await client.formPost(url: endpoint.url("/oauth2/token"), form: form, basicAuth: (user: "client", password: secrets[1]))
            } catch {
                errors.append(error)
            }
        }
        do {
            _ = try await client.bearerGet(url: "http://example.com/v2/me", token: secrets[2])
        } catch {
            errors.append(error)
        }

        #expect(errors.count == 4)
        for error in errors {
            for text in [String(describing: error), String(reflecting: error), "\(error)"] {
                #expect(!secrets.contains { text.contains($0) }, "\(text)")
            }
        }
    }
}
