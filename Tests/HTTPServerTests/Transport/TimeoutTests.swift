import LoopbackClient
import Foundation
@testable import HTTPServer
import Testing

extension Loopback {
    /// Each time-out at its default, on a clock only the test moves: nothing
    /// happens while the clock is short of the limit, and the answer or the
    /// close comes once it reaches it.
    @Suite struct Timeouts {
        let clock = ManualClock()
        let limits = ServerLimits()

        private func makeServer() throws -> TestServer {
            try TestServer.make(limits: limits, clock: clock.serverClock)
        }

        @Test func slowRequestHead_gets408_thenClose() async throws {
            let server = try makeServer()
            let client = try RawClient(port: server.port)
            let partialHead = "GET / HTTP/1.1\r\nHost: t\r\n"
            try client.send(partialHead)
            try await server.waitUntilUnparsedInput(is: partialHead.utf8.count)
            await clock.advance(by: limits.requestHeadTimeout, expectingNothingFrom: client)
            #expect(try client.readResponse().status == 408)
            #expect(client.waitForClose())
            await server.stop()
        }

        @Test func trickledHead_stillTimesOut_fromItsFirstByte() async throws {
            let server = try makeServer()
            let client = try RawClient(port: server.port)
            var sent = "GET / HTTP/1.1\r\n"
            try client.send(sent)
            try await server.waitUntilUnparsedInput(is: sent.utf8.count)
            let step = limits.requestHeadTimeout / 6
            for _ in 0..<5 {  // a byte every sixth of the time-out must not reset the clock
                clock.advance(by: step)
                try client.send("X")
                sent += "X"
                try await server.waitUntilUnparsedInput(is: sent.utf8.count)
            }
            await clock.advance(by: limits.requestHeadTimeout - step * 5, expectingNothingFrom: client)
            #expect(try client.readResponse().status == 408)
            await server.stop()
        }

        /// The body's clock replaces the head's: the head's shorter time-out passes on the way.
        @Test func slowBody_gets408() async throws {
            let server = try makeServer()
            let client = try RawClient(port: server.port)
            let partialRequest = "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc"
            try client.send(partialRequest)
            try await server.waitUntilUnparsedInput(is: partialRequest.utf8.count)
            await clock.advance(by: limits.requestBodyTimeout, expectingNothingFrom: client)
            #expect(try client.readResponse().status == 408)
            await server.stop()
        }

        @Test func idleKeepAliveConnection_isClosed_afterTheIdleTime() async throws {
            let server = try makeServer()
            let client = try RawClient(port: server.port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            await server.waitForLoops()
            await clock.advance(by: limits.idleTimeout, expectingNothingFrom: client)
            #expect(client.waitForClose())
            #expect(server.server.openConnections == 0)
            await server.stop()
        }

        /// After its last answer the server shuts its side and reads what the
        /// client still sends, until the client closes or the linger time ends.
        @Test func connectionLingering_afterItsLastAnswer_isClosed_afterTheLingerTime() async throws {
            let server = try makeServer()
            let client = try RawClient(port: server.port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            #expect(try client.readResponse().header("Connection") == "close")
            #expect(client.waitForClose(), "our side shut")
            await server.waitForLoops()
            try await clock.advance(by: limits.lingerTimeout) {
                try await Task.sleep(for: ManualClock.reactionTime)
                #expect(server.server.openConnections == 1, "still lingering")
            }
            try await waitUntil("the lingering connection closed") { server.server.openConnections == 0 }
            await server.stop()
        }

        @Test func fiveHundredIdleConnections_doNotDelayAFreshRequest() async throws {
            raiseOpenFileLimit(to: 4096)
            var limits = ServerLimits()
            limits.shutdownGracePeriod = .milliseconds(100)  // the half-sent heads would hold the stop
            let server = try TestServer.make(limits: limits)
            let idle = try (0..<500).map { _ in try RawClient(port: server.port) }
            // Half of them have started a request and stopped mid-head.
            for client in idle.prefix(250) { try client.send("GET / HTTP/1.1\r\nHo") }
            let started = Date()
            let fresh = try RawClient(port: server.port)
            try fresh.send("GET /fresh HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try fresh.readResponse().text == "GET /fresh ")
            #expect(Date().timeIntervalSince(started) < 1)
            #expect(server.server.openConnections == 501)
            await server.stop()
        }
    }
}
