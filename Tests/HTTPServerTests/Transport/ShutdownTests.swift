import LoopbackClient
@testable import HTTPServer
import Synchronization
import Testing

extension Loopback {
    @Suite struct Shutdown {
        /// Holds each request until the test releases it, counting those it holds.
        private final class HeldResponder: HTTPResponder {
            let held = Atomic(0)
            private let released = Atomic(false)

            func release() { released.store(true, ordering: .relaxed) }

            func respond(to request: HTTPRequest) async -> HTTPResponse {
                held.add(1, ordering: .relaxed)
                while !released.load(ordering: .relaxed) { try? await Task.sleep(for: .milliseconds(10)) }
                return .text("\(request.method) \(request.path) ")
            }
        }

        /// One loop, so that the idle connection closing shows the stop has
        /// reached the loop that holds the busy one too.
        @Test func shutdown_finishesTheRequestInFlight_thenStopsAccepting() async throws {
            let responder = HeldResponder()
            let server = try TestServer.make(loopCount: 1, responder: responder)
            let busy = try RawClient(port: server.port)
            let idle = try RawClient(port: server.port)
            try busy.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
            try await waitUntil("the request in its handler") { responder.held.load(ordering: .relaxed) == 1 }
            let stopping = Task { await server.stop() }
            #expect(idle.waitForClose())
            responder.release()
            let response = try busy.readResponse()
            #expect(response.text == "GET /slow ")
            #expect(response.header("Connection") == "close")
            await stopping.value
            #expect(throws: RawClientError.self) { try RawClient(port: server.port) }
        }

        @Test func shutdown_givesUpOnHandlers_pastTheGracePeriod() async throws {
            let clock = ManualClock()
            let limits = ServerLimits()
            let responder = HeldResponder()  // never released
            let server = try TestServer.make(limits: limits, responder: responder, clock: clock.serverClock)
            let busy = try RawClient(port: server.port)
            let idle = try RawClient(port: server.port)
            try busy.send("GET /forever HTTP/1.1\r\nHost: t\r\n\r\n")
            try await waitUntil("the request in its handler") { responder.held.load(ordering: .relaxed) == 1 }
            let stopping = Task { await server.stop() }
            // The stop reads the clock before the loops hear of it: once one
            // of them has closed the idle connection, the grace period runs.
            #expect(idle.waitForClose())
            await clock.advance(by: limits.shutdownGracePeriod, expectingNothingFrom: busy)
            #expect(busy.waitForClose())
            await stopping.value
        }
    }
}
