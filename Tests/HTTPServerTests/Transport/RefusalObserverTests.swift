import LoopbackClient
@testable import HTTPServer
import Testing

extension Loopback {
    /// Answers the server gives without the responder reach the refusal
    /// observer, so they can be counted; answered requests do not.
    @Suite struct RefusalObserver {
        final class Statuses: Sendable {
            let seen = Lock<[Int]>([])
            var all: [Int] { seen.withLock { $0 } }
            var observer: @Sendable (Int) -> Void { { status in self.seen.withLock { $0.append(status) } } }
        }

        @Test func malformedAndOversizedRequests_areObserved_answeredOnesAreNot() async throws {
            let statuses = Statuses()
            var limits = ServerLimits()
            limits.maxHeaderBytes = 256
            let server = try TestServer.make(limits: limits, refusalObserver: statuses.observer)
            for (request, status) in [("GET / HTTP/1.1\r\nHost: t\r\n\r\n", 200), ("GARBAGE\r\n\r\n", 400),
                                      ("GET / HTTP/1.1\r\nHost: t\r\nX-Big: \(String(repeating: "b", count: 300))\r\n\r\n", 431)] {
                let client = try RawClient(port: server.port)
                try client.send(request)
                #expect(try client.readResponse().status == status)
            }
            #expect(statuses.all == [400, 431])
            await server.stop()
        }

        @Test func connectionTurnedAwayAtTheCap_isObservedAs503() async throws {
            let statuses = Statuses()
            var limits = ServerLimits()
            limits.maxConnections = 1
            let server = try TestServer.make(limits: limits, loopCount: 1, refusalObserver: statuses.observer)
            let held = try RawClient(port: server.port)
            try held.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try held.readResponse().status == 200)
            let turnedAway = try RawClient(port: server.port)
            #expect(try turnedAway.readResponse().status == 503)
            #expect(statuses.all == [503])
            await server.stop()
        }
    }
}
