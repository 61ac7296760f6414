import LoopbackClient
@testable import HTTPServer
import Synchronization
import Testing

extension Loopback {
    /// A client that keeps sending requests, one a packet, and never reads
    /// what comes back: what the server holds for it stays bounded, and the
    /// write deadline closes it however many requests it keeps sending.
    @Suite struct UnreadAnswers {
        static let answerBytes = 64 * 1024

        /// Answers every request with `answerBytes`, at once or from a task.
        final class BigAnswers: HTTPResponder {
            let atOnce: Bool
            let answered = Atomic(0)

            init(atOnce: Bool) { self.atOnce = atOnce }

            func respondAtOnce(to request: HTTPRequest) -> HTTPResponse? { atOnce ? answer() : nil }
            func respond(to request: HTTPRequest) async -> HTTPResponse { answer() }

            private func answer() -> HTTPResponse {
                answered.add(1, ordering: .relaxed)
                return HTTPResponse(body: [UInt8](repeating: UInt8(ascii: "x"), count: UnreadAnswers.answerBytes))
            }
        }

        @Test(arguments: [true, false])
        func clientSendingRequestsAndNeverReading_holdsAtMostOneAnswer_andIsClosedAtTheWriteDeadline(answeredAtOnce: Bool) async throws {
            var limits = ServerLimits()
            limits.writeTimeout = .milliseconds(500)
            limits.shutdownGracePeriod = .milliseconds(100)
            let responder = BigAnswers(atOnce: answeredAtOnce)
            let server = try TestServer.make(limits: limits, responder: responder)
            let client = try RawClient(port: server.port)
            let clock = ContinuousClock()
            let started = clock.now
            var sent = 0
            var most = ConnectionBuffers(queuedOutput: 0, unparsedInput: 0)
            var closedAfter: Duration?
            while clock.now - started < .seconds(3) {
                do { try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n") } catch {  // reset by the server
                    closedAfter = clock.now - started
                    break
                }
                sent += 1
                try await Task.sleep(for: .milliseconds(2))
                guard sent % 8 == 0 else { continue }
                for buffers in await server.server.bufferedBytes() {
                    most.queuedOutput = max(most.queuedOutput, buffers.queuedOutput)
                    most.unparsedInput = max(most.unparsedInput, buffers.unparsedInput)
                }
                if server.server.openConnections == 0 {
                    closedAfter = clock.now - started
                    break
                }
            }
            let answered = responder.answered.load(ordering: .relaxed)
            #expect(answered < sent, "requests sent while an answer was queued are not even read")
            await server.stop()
            #expect(most.queuedOutput <= Self.answerBytes + 512, "one answer and its head at most")
            #expect(most.unparsedInput <= limits.maxRequestLineBytes + limits.maxHeaderBytes)
            let closed = try #require(closedAfter, "still open after 3 s and \(sent) requests")
            #expect(closed < .seconds(2))
        }
    }
}
