import LoopbackClient
@testable import HTTPServer
import Testing

extension Loopback {
    @Suite struct Startup {
        /// Clients can connect as soon as the port is bound, before the
        /// server starts (the application binds first, then builds its
        /// routes). The first loop accepts them as soon as its thread runs
        /// and hands them round the loops while the others are still
        /// starting; under ThreadSanitizer this is where a loop that was
        /// not yet fully started would be reported.
        @Test func connectionsQueuedBeforeTheStart_areAllAnswered() async throws {
            let listener = try HTTPServer.Listener.bind(host: "127.0.0.1", port: 0)
            let clients = try (0..<8).map { _ in try RawClient(port: listener.port) }
            for (index, client) in clients.enumerated() {
                try client.send("GET /\(index) HTTP/1.1\r\nHost: t\r\n\r\n")
            }
            let server = try TestServer.make(loopCount: 4, listener: listener)
            for (index, client) in clients.enumerated() {
                #expect(try client.readResponse().text == "GET /\(index) ")
            }
            await server.stop()
        }
    }
}
