import LoopbackClient
import Foundation
@testable import HTTPServer
import Synchronization
import Testing

extension Loopback {
    @Suite struct KeepAlive {
        @Test func connection_servesSeveralRequests_whenKeptAlive() async throws {
            let server = try TestServer.make()
            let client = try RawClient(port: server.port)
            for index in 0..<3 {
                try client.send("GET /r\(index) HTTP/1.1\r\nHost: t\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.text == "GET /r\(index) ")
                #expect(response.header("Connection") == nil)
            }
            await server.stop()
        }

        @Test func pipelinedRequests_areAnsweredInOrder_evenWhenTheFirstIsSlowest() async throws {
            struct SlowFirst: HTTPResponder {
                func respond(to request: HTTPRequest) async -> HTTPResponse {
                    if request.path == "/first" { try? await Task.sleep(for: .milliseconds(200)) }
                    return .text(request.path)
                }
            }
            let server = try TestServer.make(responder: SlowFirst())
            let client = try RawClient(port: server.port)
            try client.send("GET /first HTTP/1.1\r\nHost: t\r\n\r\nPOST /second HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nhiGET /third HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().text == "/first")
            #expect(try client.readResponse().text == "/second")
            #expect(try client.readResponse().text == "/third")
            await server.stop()
        }

        @Test func pipelinedRequests_answeredAtOnceOrByATask_comeBackInOrder() async throws {
            let server = try TestServer.make(responder: NowOrLater())
            let client = try RawClient(port: server.port)
            try client.send(["/now/1", "/later", "/now/2", "/now/3"].map { "GET \($0) HTTP/1.1\r\nHost: t\r\n\r\n" }.joined())

            for path in ["/now/1", "/later", "/now/2", "/now/3"] { #expect(try client.readResponse().text == path) }
            await server.stop()
        }

        /// A client that pipelines requests and reads nothing gets no more
        /// answers prepared than the socket takes: answering at once must not
        /// queue every response in memory.
        @Test func pipelinedRequestsFromAClientNotReading_areAnsweredOnlyAsTheSocketDrains() async throws {
            let responder = NowOrLater(bodySize: 64 * 1024)
            var limits = ServerLimits()
            limits.shutdownGracePeriod = .milliseconds(100)  // the unread answers would hold the stop
            let server = try TestServer.make(limits: limits, responder: responder)
            let client = try RawClient(port: server.port)
            try client.send(String(repeating: "GET /now/big HTTP/1.1\r\nHost: t\r\n\r\n", count: 2_000))
            try await Task.sleep(for: .milliseconds(500))

            let answered = responder.answered.load(ordering: .relaxed)
            #expect(answered > 0 && answered < 400, "answered \(answered) of 2,000")
            await server.stop()
        }

        /// Answers `/now/...` at once and anything else from a task, a little later.
        private final class NowOrLater: HTTPResponder {
            let bodySize: Int?
            let answered = Atomic(0)

            init(bodySize: Int? = nil) {
                self.bodySize = bodySize
            }

            func respondAtOnce(to request: HTTPRequest) -> HTTPResponse? {
                guard request.path.hasPrefix("/now") else { return nil }
                answered.add(1, ordering: .relaxed)
                guard let bodySize else { return .text(request.path) }
                return HTTPResponse(body: [UInt8](repeating: UInt8(ascii: "x"), count: bodySize))
            }

            func respond(to request: HTTPRequest) async -> HTTPResponse {
                try? await Task.sleep(for: .milliseconds(100))
                return .text(request.path)
            }
        }

        /// The request and the client's FIN arrive together, in one readiness
        /// event: the server must still see the end of input after answering.
        /// Its clock never moves, so no time-out can be what closes the connection.
        @Test func requestFollowedAtOnceByHalfClose_isAnswered_andTheConnectionClosed() async throws {
            let server = try TestServer.make(clock: ManualClock().serverClock)
            let client = try RawClient(port: server.port)
            try client.send("GET /last HTTP/1.1\r\nHost: t\r\n\r\n")
            shutdown(client.fd, Int32(SHUT_WR))

            #expect(try client.readResponse().text == "GET /last ")
            #expect(client.waitForClose())
            try await waitUntil("the connection closed") { server.server.openConnections == 0 }
            await server.stop()
        }

        /// After a request read in one short read, the connection waits for a
        /// new edge; the client closing must be that edge. The server's clock
        /// never moves, so the idle time-out cannot be.
        @Test func clientClosingAfterAnAnswer_isNoticedAtOnce() async throws {
            let server = try TestServer.make(clock: ManualClock().serverClock)
            let client = try RawClient(port: server.port)
            try client.send("GET /one HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            shutdown(client.fd, Int32(SHUT_WR))

            #expect(client.waitForClose())
            try await waitUntil("the connection closed") { server.server.openConnections == 0 }
            await server.stop()
        }

        @Test func http10Request_isAnsweredAndClosed_withoutKeepAlive() async throws {
            let server = try TestServer.make()
            let client = try RawClient(port: server.port)
            try client.send("GET /old HTTP/1.0\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.header("Connection") == "close")
            #expect(client.waitForClose())
            await server.stop()
        }

        @Test func connectionClose_isHonoured_afterTheResponse() async throws {
            let server = try TestServer.make()
            let client = try RawClient(port: server.port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            #expect(try client.readResponse().header("Connection") == "close")
            #expect(client.waitForClose())
            await server.stop()
        }

        @Test func everyResponse_carriesDateAndContentLength() async throws {
            let server = try TestServer.make()
            let client = try RawClient(port: server.port)
            try client.send("GET /x HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.header("Content-Length") == "7")
            let date = try #require(response.header("Date"))
            #expect(date.hasSuffix(" GMT") && date.count == 29)
            await server.stop()
        }

        @Test func headRequest_getsGetsHeaders_withoutTheBody() async throws {
            var router = Router()
            router.add(.get, "/page") { _ in .text("twelve bytes") }
            let server = try TestServer.make(responder: router)
            let client = try RawClient(port: server.port)
            try client.send("HEAD /page HTTP/1.1\r\nHost: t\r\n\r\nGET /page HTTP/1.1\r\nHost: t\r\n\r\n")
            let head = try client.readResponse(bodyExpected: false)
            #expect(head.header("Content-Length") == "12")
            // Had a body followed the HEAD response, it would be read as the next status line.
            let get = try client.readResponse()
            #expect(get.status == 200 && get.text == "twelve bytes")
            await server.stop()
        }

        @Test func expectContinue_getsInterimResponse_beforeTheBodyIsSent() async throws {
            let server = try TestServer.make()
            let client = try RawClient(port: server.port)
            try client.send("POST /up HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
            #expect(try client.readResponse(bodyExpected: false).status == 100)
            try client.send("data")
            #expect(try client.readResponse().text == "POST /up data")
            await server.stop()
        }

        @Test func largeResponse_reachesASlowReader_whole() async throws {
            let size = 8 * 1024 * 1024
            let server = try TestServer.make(responder: EchoResponder(bodySize: size))
            let client = try RawClient(port: server.port)
            try client.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n")
            try await Task.sleep(for: .milliseconds(200))  // let the socket buffers fill first
            let response = try client.readResponse()
            #expect(response.body.count == size)
            await server.stop()
        }

        /// Lines are gathered while the loop is busy, but a loop with nothing
        /// more to do writes them before it sleeps, not at its next tick.
        @Test func accessLog_ofAQuietServer_isWrittenBeforeTheNextTick() async throws {
            var limits = ServerLimits()
            limits.timerTick = .seconds(30)
            let server = try TestServer.make(limits: limits)
            let client = try RawClient(port: server.port)
            try client.send("GET /quiet HTTP/1.1\r\nHost: t\r\n\r\n")
            _ = try client.readResponse()
            try await waitUntil("the access log line is written") { server.accessLog.contains("/quiet") }
            await server.stop()
        }

        @Test func accessLog_recordsPathWithoutQuery_andNothingOfTheBody() async throws {
            let server = try TestServer.make()
            let client = try RawClient(port: server.port)
            try client.send("POST /callback?code=SECRETCODE&state=SECRETSTATE HTTP/1.1\r\nHost: t\r\nCookie: sid=SECRETCOOKIE\r\nContent-Length: 11\r\n\r\nSECRETBODY!")
            _ = try client.readResponse()
            await server.stop()
            let log = server.accessLog
            let line = try #require(log.split(separator: "\n").first)
            let entry = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(entry["path"] as? String == "/callback")
            #expect(entry["status"] as? Int == 200)
            #expect(entry["method"] as? String == "POST")
            #expect((entry["bytes"] as? Int ?? 0) > 0)
            #expect(entry["duration_ms"] is Double)
            #expect(!log.contains("SECRET"))
        }
    }
}
