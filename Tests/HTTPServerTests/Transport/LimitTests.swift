import LoopbackClient
@testable import HTTPServer
import Testing

extension Loopback {
    /// Each limit, configured small, answered with its status before the close.
    @Suite struct Limits {
        static func small() -> ServerLimits {
            var limits = ServerLimits()
            limits.maxRequestLineBytes = 64
            limits.maxHeaderBytes = 256
            limits.maxHeaderCount = 5
            limits.maxBodyBytes = 100
            return limits
        }

        static func expectRefusal(_ request: String, status: Int) async throws {
            let server = try TestServer.make(limits: small())
            let client = try RawClient(port: server.port)
            try client.send(request)
            let response = try client.readResponse()
            #expect(response.status == status)
            #expect(response.header("Connection") == "close")
            #expect(client.waitForClose())
            await server.stop()
        }

        @Test func longRequestLine_gets414() async throws {
            try await Self.expectRefusal("GET /\(String(repeating: "a", count: 100)) HTTP/1.1\r\nHost: t\r\n\r\n", status: 414)
        }

        @Test func longRequestLine_gets414_beforeItEnds() async throws {
            try await Self.expectRefusal("GET /\(String(repeating: "a", count: 100))", status: 414)
        }

        @Test func largeHeaderSection_gets431() async throws {
            try await Self.expectRefusal("GET / HTTP/1.1\r\nHost: t\r\nX-Big: \(String(repeating: "b", count: 300))\r\n\r\n", status: 431)
        }

        @Test func tooManyHeaderFields_gets431() async throws {
            let fields = (0..<6).map { "X-\($0): v\r\n" }.joined()
            try await Self.expectRefusal("GET / HTTP/1.1\r\nHost: t\r\n\(fields)\r\n", status: 431)
        }

        @Test func declaredBodyPastTheLimit_gets413_withoutWaitingForIt() async throws {
            try await Self.expectRefusal("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 101\r\n\r\n", status: 413)
        }

        @Test func chunkedBodyPastTheLimit_gets413() async throws {
            let chunk = "40\r\n\(String(repeating: "c", count: 64))\r\n"
            try await Self.expectRefusal("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n\(chunk)\(chunk)0\r\n\r\n", status: 413)
        }

        @Test func malformedRequest_gets400_beforeTheClose() async throws {
            try await Self.expectRefusal("GET / HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", status: 400)
        }

        @Test func unknownTransferCoding_gets501() async throws {
            try await Self.expectRefusal("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n", status: 501)
        }

        /// Chunk framing can make a request's bytes outgrow its body limit; once
        /// they fill the input buffer the answer is 413, not a wait for the body time-out.
        @Test func requestFillingTheInputBuffer_gets413_atOnce() async throws {
            var limits = Self.small()
            limits.maxBufferedInputBytes = 1024
            let server = try TestServer.make(limits: limits)
            let client = try RawClient(port: server.port, receiveTimeout: 2)
            let chunks = String(repeating: "1;\(String(repeating: "e", count: 40))\r\nx\r\n", count: 30)
            try client.send("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n\(chunks)")
            #expect(try client.readResponse().status == 413)
            #expect(client.waitForClose())
            await server.stop()
        }

        @Test func answerPastTheOutputQueueLimit_closesTheConnection_andIsLogged() async throws {
            var limits = ServerLimits()
            limits.maxQueuedOutputBytes = 1000
            let server = try TestServer.make(limits: limits, responder: EchoResponder(bodySize: 2000))
            let client = try RawClient(port: server.port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(throws: RawClientError.self) { try client.readResponse() }
            await server.stop()
            #expect(server.errorLines.contains { $0.contains("past the output queue limit") })
        }

        @Test func connectionCap_staysBelowTheOpenFileLimit_lessTheReserve() async throws {
            var limits = ServerLimits()
            limits.fileDescriptorReserve = 37
            let server = try TestServer.make(limits: limits, openFileLimit: 40)
            let held = try (0..<3).map { _ in try RawClient(port: server.port) }
            for client in held {  // all three adopted before the fourth
                try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try client.readResponse().status == 200)
            }
            #expect(try RawClient(port: server.port).readResponse().status == 503)
            await server.stop()
            #expect(server.errorLines.contains("connections capped at 3: the open file limit is 40, 37 of them kept for files"))
        }

        @Test func chunkedBodyWithinTheLimit_isDecoded() async throws {
            let server = try TestServer.make(limits: Self.small())
            let client = try RawClient(port: server.port)
            try client.send("POST /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\nX-Trailer: t\r\n\r\n")
            #expect(try client.readResponse().text == "POST /c abcde")
            await server.stop()
        }

        @Test func connectionsPastTheCap_get503_andTheServerGoesOn() async throws {
            var limits = ServerLimits()
            limits.maxConnections = 3
            let server = try TestServer.make(limits: limits)
            var held = try (0..<3).map { _ in try RawClient(port: server.port) }
            for client in held {  // make sure all three are adopted before the fourth
                try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try client.readResponse().status == 200)
            }
            let extra = try RawClient(port: server.port)
            #expect(try extra.readResponse().status == 503)
            #expect(extra.waitForClose())
            try held[0].send("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            _ = try held[0].readResponse()
            #expect(held[0].waitForClose())
            held.removeFirst()  // our side closes too, freeing the slot
            try await Task.sleep(for: .milliseconds(100))
            let later = try RawClient(port: server.port)
            try later.send("GET /again HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try later.readResponse().status == 200)
            await server.stop()
        }
    }
}
