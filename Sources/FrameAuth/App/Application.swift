import HTTPServer

/// The running FrameAuth: its HTTP server and the routes behind it.
public final class Application: Sendable {
    public let server: HTTPServer

    private init(server: HTTPServer) {
        self.server = server
    }

    /// Parses the command line, binds and starts serving.
    public static func start(arguments: [String]) throws -> Application {
        var configuration = HTTPServer.Configuration()
        var publicDir = "./Public"
        var remaining = arguments[...]
        while let flag = remaining.popFirst() {
            guard let value = remaining.popFirst() else { throw StartupError("\(flag) needs a value") }
            switch flag {
            case "--host": configuration.host = value
            case "--port": guard let port = Int(value) else { throw StartupError("--port must be a number") }; configuration.port = port
            case "--public-dir": publicDir = value
            default: throw StartupError("unknown option \(flag)")
            }
        }
        let files = try StaticFiles(root: publicDir)
        var router = Router()
        router.add(.get, "/healthz") { _ in .text("ok\n") }
        router.setFallback { request in try await files.serve(request) }
        let server = try HTTPServer(configuration: configuration, responder: router)
        StandardStreams.writeToStandardError(Array("frameauth listening on http://\(configuration.host):\(server.port)\n".utf8))
        return Application(server: server)
    }

    /// Stops accepting, finishes what is in flight, and returns.
    public func stop() async {
        await server.shutdown()
    }
}

public struct StartupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
