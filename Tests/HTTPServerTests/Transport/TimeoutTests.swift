import LoopbackClient
import Foundation
@testable import HTTPServer
import Testing

extension Loopback {
    @Suite struct Timeouts {
        static func quick() -> ServerLimits {
            var limits = ServerLimits()
            limits.requestHeadTimeout = .milliseconds(300)
            limits.requestBodyTimeout = .milliseconds(300)
            limits.idleTimeout = .milliseconds(400)
            return limits
        }

        @Test func slowRequestHead_gets408_thenClose() async throws {
            let server = try TestServer.make(limits: Self.quick())
            let client = try RawClient(port: server.port)
            let started = Date()
            try client.send("GET / HTTP/1.1\r\nHost: t\r\n")
            let response = try client.readResponse()
            #expect(response.status == 408)
            #expect(client.waitForClose())
            #expect(Date().timeIntervalSince(started) >= 0.25)
            await server.stop()
        }

        @Test func trickledHead_stillTimesOut_fromItsFirstByte() async throws {
            let server = try TestServer.make(limits: Self.quick())
            let client = try RawClient(port: server.port)
            try client.send("GET / HTTP/1.1\r\n")
            for _ in 0..<5 {  // a byte every 100 ms must not reset the clock
                try await Task.sleep(for: .milliseconds(100))
                try client.send("X")
            }
            #expect(try client.readResponse().status == 408)
            await server.stop()
        }

        @Test func slowBody_gets408() async throws {
            let server = try TestServer.make(limits: Self.quick())
            let client = try RawClient(port: server.port)
            try client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc")
            #expect(try client.readResponse().status == 408)
            await server.stop()
        }

        @Test func idleKeepAliveConnection_isClosed_afterTheIdleTime() async throws {
            let server = try TestServer.make(limits: Self.quick())
            let client = try RawClient(port: server.port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            let started = Date()
            #expect(client.waitForClose())
            let waited = Date().timeIntervalSince(started)
            #expect(waited >= 0.3 && waited < 2)
            #expect(server.server.openConnections == 0)
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
