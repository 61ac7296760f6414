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
            limits.shutdownGracePeriod = .milliseconds(100)
            let clock = ManualClock()
            let responder = BigAnswers(atOnce: answeredAtOnce)
            let server = try TestServer.make(limits: limits, responder: responder, clock: clock.serverClock)
            let client = try RawClient(port: server.port)
            var sent = 0
            var most = ConnectionBuffers(queuedOutput: 0, unparsedInput: 0)
            /// Sends requests, one a packet, until `enough` says so, noting the most the server holds.
            func keepSending(until enough: (ConnectionBuffers) -> Bool) async throws {
                while sent < 3_000 {
                    try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
                    sent += 1
                    try await Task.sleep(for: .milliseconds(1))
                    guard sent % 8 == 0 else { continue }
                    var now = ConnectionBuffers(queuedOutput: 0, unparsedInput: 0)
                    for buffers in await server.server.bufferedBytes() {
                        now.queuedOutput = max(now.queuedOutput, buffers.queuedOutput)
                        now.unparsedInput = max(now.unparsedInput, buffers.unparsedInput)
                    }
                    most.queuedOutput = max(most.queuedOutput, now.queuedOutput)
                    most.unparsedInput = max(most.unparsedInput, now.unparsedInput)
                    if enough(now) { return }
                }
            }
            // Until the socket refuses the answer's bytes and it queues: the write clock starts then.
            try await keepSending { $0.queuedOutput > 0 }
            // More requests just short of the deadline neither push it back nor get read.
            let sentBeforeTheDeadline = sent
            await clock.advance(by: limits.writeTimeout) {
                try? await keepSending { _ in sent >= sentBeforeTheDeadline + 64 }
                #expect(server.server.openConnections == 1, "closed before the write deadline")
            }
            try await waitUntil("the connection closed at the write deadline") { server.server.openConnections == 0 }
            let answered = responder.answered.load(ordering: .relaxed)
            #expect(answered < sent, "requests sent while an answer was queued are not even read")
            await server.stop()
            #expect(most.queuedOutput <= Self.answerBytes + 512, "one answer and its head at most")
            #expect(most.unparsedInput <= limits.maxRequestLineBytes + limits.maxHeaderBytes)
        }
    }
}
