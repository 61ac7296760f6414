import Foundation
import HTTPServer
import Testing
@testable import FrameAuth

/// `frameauth --healthcheck` as the command line decides it, against real
/// servers on loopback.
@Suite("Health check over loopback", .serialized) struct HealthCheckLoopbackTests {
    /// The outcome of `frameauth --healthcheck --port <port>` run in an empty folder.
    static func check(port: Int) throws -> (code: Int32, output: String) {
        let sandbox = try ConfigurationSandbox.make()
        let outcome = Launch.decide(
            arguments: ["--healthcheck", "--port", String(port)],
            environment: [:], workingDirectory: sandbox.path)
        guard case .exit(let code, let output) = outcome else {
            Issue.record("--healthcheck must exit, not serve")
            return (-1, "")
        }
        return (code, output)
    }

    @Test func exitsZero_whileFrameAuthServes_andOne_onceItHasStopped() async throws {
        var configuration = Configuration()
        configuration.port = 0
        configuration.publicDir = SignInHarness.publicDir
        var environment = Application.Environment()
        environment.log = { _ in }
        environment.accessLog = nil
        let application = try Application.start(configuration, environment: environment)
        let port = application.server.port

        let serving = try Self.check(port: port)
        #expect(serving.code == 0)
        #expect(serving.output.isEmpty)

        await application.stop()
        let stopped = try Self.check(port: port)
        #expect(stopped.code == 1)
        #expect(stopped.output == "frameauth --healthcheck: unhealthy: http://127.0.0.1:\(port)/healthz: could not reach the server: Couldn't connect to server (curl error 7)\n")
    }

    @Test func exitsOne_whenHealthzAnswersOtherThan200() throws {
        let endpoint = try FakeHTTPEndpoint(replies: [.respond(status: 503, body: Array("starting\n".utf8))])
        let result = try Self.check(port: Int(endpoint.port))
        #expect(result.code == 1)
        #expect(result.output == "frameauth --healthcheck: unhealthy: http://127.0.0.1:\(endpoint.port)/healthz answered 503\n")
        #expect(endpoint.requests.map(\.target) == ["/healthz"])
        #expect(endpoint.requests.first?.header("Authorization") == nil)
    }

    @Test func exitsOne_whenHealthzDoesNotAnswerInTime() throws {
        let endpoint = try FakeHTTPEndpoint(replies: [.delayed(.seconds(6), .respond(status: 200))])
        let started = ContinuousClock.now
        let result = try Self.check(port: Int(endpoint.port))
        #expect(result.code == 1)
        #expect(result.output.contains("no response within the time-out"))
        #expect(ContinuousClock.now - started < .seconds(5))
    }
}
