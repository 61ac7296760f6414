import Foundation
import HTTPServer
import Testing
@testable import FrameAuth

/// Where `--healthcheck` looks, and what it decides before any request.
@Suite struct HealthCheckTests {
    static func make(host: String, port: Int = 8080) -> Configuration {
        var configuration = Configuration()
        configuration.host = host
        configuration.port = port
        return configuration
    }

    @Test(arguments: [
        ("0.0.0.0", "http://127.0.0.1:8080/healthz"),
        ("::", "http://[::1]:8080/healthz"),
        ("0:0::0", "http://[::1]:8080/healthz"),
        ("127.0.0.1", "http://127.0.0.1:8080/healthz"),
        ("127.0.0.2", "http://127.0.0.2:8080/healthz"),
        ("::1", "http://[::1]:8080/healthz"),
    ])
    func url_isLoopback_ofTheBoundFamily(host: String, expected: String) throws {
        #expect(try HealthCheck.url(for: Self.make(host: host)) == expected)
    }

    @Test func url_isRefused_forPortZero_andForANonLoopbackHost() {
        #expect(throws: HealthCheck.Unhealthy.self) { try HealthCheck.url(for: Self.make(host: "127.0.0.1", port: 0)) }
        #expect(throws: HealthCheck.Unhealthy.self) { try HealthCheck.url(for: Self.make(host: "192.0.2.10")) }
        #expect(throws: HealthCheck.Unhealthy.self) { try HealthCheck.url(for: Self.make(host: "2001:db8::1")) }
    }

    @Test func badConfiguration_exitsOne_withOneLine_andNoSecret() throws {
        let sandbox = try ConfigurationSandbox.make()
        let secret = "CLIENT-SECRET-c4ca4238a0b923820dcc"
        let outcome = Launch.decide(
            arguments: ["--healthcheck", "--port", "not-a-port"],
            environment: ["CLIENT_ID": "app", "CLIENT_SECRET": secret], workingDirectory: sandbox.path)
        guard case .exit(let code, let output) = outcome else { Issue.record("expected an exit"); return }
        #expect(code == 1)
        #expect(output.hasPrefix("frameauth --healthcheck: unhealthy:"))
        #expect(output.split(separator: "\n").count == 1)
        #expect(!output.contains(secret))
    }
}
