import Glibc
@testable import HTTPServer

/// A server on 127.0.0.1 port 0 with its access log captured.
final class TestServer: Sendable {
    let server: HTTPServer
    private let captured = CapturedOutput()

    var port: Int { server.port }
    var accessLog: String { captured.accessLog.withLock { String(decoding: $0, as: UTF8.self) } }
    var errorLines: [String] { captured.errorLines.withLock { $0 } }

    private init(configuration: HTTPServer.Configuration, listener: HTTPServer.Listener?, responder: any HTTPResponder) throws {
        let captured = self.captured
        var configuration = configuration
        configuration.accessLogSink = { bytes in captured.accessLog.withLock { $0 += bytes } }
        configuration.errorLog = { line in captured.errorLines.withLock { $0.append(line) } }
        if let listener {
            server = try HTTPServer(configuration: configuration, listener: listener, responder: responder)
        } else {
            server = try HTTPServer(configuration: configuration, responder: responder)
        }
    }

    /// `listener`: one bound earlier, instead of binding a port now;
    /// `clock`: a `ManualClock`'s, for a test that moves time itself.
    static func make(limits: ServerLimits = ServerLimits(), loopCount: Int = 2, responder: any HTTPResponder = EchoResponder(),
                     refusalObserver: (@Sendable (Int) -> Void)? = nil, trustedProxies: [String] = [],
                     openFileLimit: Int? = nil, listener: HTTPServer.Listener? = nil,
                     clock: ServerClock = .monotonic) throws -> TestServer {
        var configuration = HTTPServer.Configuration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.limits = limits
        configuration.loopCount = loopCount
        configuration.refusalObserver = refusalObserver
        configuration.trustedProxies = TrustedProxies(trustedProxies)
        configuration.openFileLimit = openFileLimit
        configuration.clock = clock
        return try TestServer(configuration: configuration, listener: listener, responder: responder)
    }

    func stop() async { await server.shutdown() }

    /// Returns once each loop has finished the turn it was in: an answer a
    /// client has read went out in a turn that is over, and so did setting
    /// the deadline that follows it.
    func waitForLoops() async {
        _ = await server.bufferedBytes()
    }

    /// Returns once a connection holds `count` request bytes read but not yet
    /// parsed: the server has read what the client sent, and started the
    /// clocks those bytes start.
    func waitUntilUnparsedInput(is count: Int) async throws {
        try await waitUntil("\(count) bytes read and not yet parsed") {
            await server.bufferedBytes().contains { $0.unparsedInput == count }
        }
    }
}

/// What the server wrote to its logs.
final class CapturedOutput: Sendable {
    let accessLog = Lock<[UInt8]>([])
    let errorLines = Lock<[String]>([])
}

/// Answers every request with its method, path and body, after an optional pause.
struct EchoResponder: HTTPResponder {
    var delay: Duration = .zero
    var bodySize: Int?

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        if delay > .zero { try? await Task.sleep(for: delay) }
        if let bodySize { return HTTPResponse(body: [UInt8](repeating: UInt8(ascii: "x"), count: bodySize)) }
        return .text("\(request.method) \(request.path) \(String(decoding: request.body, as: UTF8.self))")
    }
}

/// Lets a test open more sockets than the default soft limit of 1024.
func raiseOpenFileLimit(to wanted: rlim_t) {
    var limit = rlimit()
    getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    if limit.rlim_cur < wanted {
        limit.rlim_cur = min(wanted, limit.rlim_max)
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
}
