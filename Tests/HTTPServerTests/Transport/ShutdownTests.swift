import LoopbackClient
import Foundation
@testable import HTTPServer
import Testing

extension Loopback {
    @Suite struct Shutdown {
        @Test func shutdown_finishesTheRequestInFlight_thenStopsAccepting() async throws {
            let server = try TestServer.make(responder: EchoResponder(delay: .milliseconds(300)))
            let busy = try RawClient(port: server.port)
            let idle = try RawClient(port: server.port)
            try busy.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
            try await Task.sleep(for: .milliseconds(50))
            async let stopped: Void = server.stop()
            // Suspend, so the stop begins before this thread blocks in a read.
            try await Task.sleep(for: .milliseconds(50))
            let response = try busy.readResponse()
            #expect(response.text == "GET /slow ")
            #expect(response.header("Connection") == "close")
            #expect(idle.waitForClose())
            await stopped
            #expect(throws: RawClientError.self) { try RawClient(port: server.port) }
        }

        @Test func shutdown_givesUpOnHandlers_pastTheGracePeriod() async throws {
            var limits = ServerLimits()
            limits.shutdownGracePeriod = .milliseconds(200)
            let server = try TestServer.make(limits: limits, responder: EchoResponder(delay: .seconds(30)))
            let client = try RawClient(port: server.port)
            try client.send("GET /forever HTTP/1.1\r\nHost: t\r\n\r\n")
            try await Task.sleep(for: .milliseconds(50))
            let started = Date()
            await server.stop()
            #expect(Date().timeIntervalSince(started) < 2)
            #expect(client.waitForClose())
        }
    }
}
