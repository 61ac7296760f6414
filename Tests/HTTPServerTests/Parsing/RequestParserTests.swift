import Testing
@testable import HTTPServer

/// Requests the parser must accept, and how it frames, resumes and pipelines them.
@Suite struct RequestParserTests {
    @Test func parse_returnsGET_withPathSegmentsAndRawQuery() throws {
        let text = head("GET /api/users/42?name=a%20b&x=1 HTTP/1.1", "Accept: */*")
        let request = try parsedRequest(text)
        #expect(request.method == .get)
        #expect(request.path == "/api/users/42")
        #expect(request.pathSegments == ["api", "users", "42"])
        #expect(request.rawQuery == "name=a%20b&x=1")
        #expect(request.version == .http11)
        #expect(request.headers["accept"] == "*/*")
        #expect(request.body.isEmpty)
        #expect(Parsed(parse(text)) == .request(consumed: text.utf8.count))
    }

    @Test func parse_returnsPOST_withContentLengthBody() throws {
        let text = head("POST /login HTTP/1.1", "Content-Length: 7") + "a=1&b=2"
        let request = try parsedRequest(text)
        #expect(request.method == .post)
        #expect(request.body == Array("a=1&b=2".utf8))
        #expect(try request.formParameters()["b"] == "2")
    }

    @Test func parse_keepsRepeatedHeaderFields_inOrder() throws {
        let request = try parsedRequest(head("GET / HTTP/1.1", "X-A: 1", "x-a: 2"))
        #expect(request.headers.values("X-A") == ["1", "2"])
    }

    @Test func parse_trimsWhitespaceAroundHeaderValue() throws {
        let request = try parsedRequest(head("GET / HTTP/1.1", "X-A: \t padded \t "))
        #expect(request.headers["X-A"] == "padded")
    }

    @Test func parse_acceptsContentLengthZero_asNoBody() throws {
        let text = head("POST / HTTP/1.1", "Content-Length: 0")
        #expect(Parsed(parse(text)) == .request(consumed: text.utf8.count))
    }

    @Test func parse_acceptsContentLength_withSurroundingWhitespace() throws {
        let request = try parsedRequest(head("POST / HTTP/1.1", "Content-Length:  5 ") + "hello")
        #expect(request.body == Array("hello".utf8))
    }

    @Test func parse_waitsForWholeContentLengthBody() {
        var parser = RequestParser.make()
        let text = head("POST / HTTP/1.1", "Content-Length: 5")
        #expect(Parsed(parser.parse(Array((text + "hel").utf8))) == .needMore)
        #expect(parser.isReadingBody)
        #expect(Parsed(parser.parse(Array((text + "hello").utf8))) == .request(consumed: text.utf8.count + 5))
        #expect(!parser.isReadingBody)
    }

    @Test func parse_decodesChunkedBody_withExtensionAndTrailers() throws {
        let text = head("POST / HTTP/1.1", "Transfer-Encoding: chunked")
            + "5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\nX-Other: u\r\n\r\n"
        let request = try parsedRequest(text)
        #expect(String(decoding: request.body, as: UTF8.self) == "hello world")
        #expect(Parsed(parse(text)) == .request(consumed: text.utf8.count))
    }

    @Test func parse_acceptsUppercaseChunked_andHexSizes() throws {
        let body = String(repeating: "x", count: 26)
        let text = head("POST / HTTP/1.1", "Transfer-Encoding: Chunked") + "1A\r\n\(body)\r\n0\r\n\r\n"
        #expect(try parsedRequest(text).body.count == 26)
    }

    @Test func parse_fedByteByByte_answersNeedMoreUntilTheLastByte_forChunkedBody() throws {
        let text = head("POST /upload HTTP/1.1", "Transfer-Encoding: chunked", "Connection: keep-alive")
            + "3\r\nabc\r\n10;ext=1\r\n0123456789abcdef\r\n0\r\nX-Sum: 1\r\n\r\n"
        let bytes = Array(text.utf8)
        var parser = RequestParser.make()
        var buffer: [UInt8] = []
        for byte in bytes.dropLast() {
            buffer.append(byte)
            let result = Parsed(parser.parse(buffer))
            #expect(result == .needMore, "after \(buffer.count) bytes")
            if result != .needMore { return }
        }
        buffer.append(bytes[bytes.count - 1])
        guard case .request(let request, let consumed) = parser.parse(buffer) else {
            Issue.record("the last byte did not complete the request")
            return
        }
        #expect(consumed == bytes.count)
        #expect(String(decoding: request.body, as: UTF8.self) == "abc0123456789abcdef")
    }

    @Test func parse_fedInTwoParts_givesTheSameRequest_atEverySplitPoint() throws {
        let text = head("POST /a?b=c HTTP/1.1", "Transfer-Encoding: chunked") + "4\r\nwiki\r\n0\r\n\r\n"
        let bytes = Array(text.utf8)
        for split in 1..<bytes.count {
            var parser = RequestParser.make()
            #expect(Parsed(parser.parse(Array(bytes[..<split]))) == .needMore, "split at \(split)")
            guard case .request(let request, let consumed) = parser.parse(bytes) else {
                Issue.record("split at \(split) gave no request")
                continue
            }
            #expect(consumed == bytes.count && request.body == Array("wiki".utf8), "split at \(split)")
        }
    }

    @Test func parse_pipelinedRequests_consumesExactlyTheFirst_thenParsesTheRest() throws {
        let first = head("POST /one HTTP/1.1", "Content-Length: 3") + "abc"
        let second = head("POST /two HTTP/1.1", "Transfer-Encoding: chunked") + "2\r\nde\r\n0\r\n\r\n"
        let third = head("GET /three HTTP/1.1")
        var buffer = Array((first + second + third).utf8)
        var parser = RequestParser.make()
        var seen: [(String, String)] = []
        while !buffer.isEmpty {
            guard case .request(let request, let consumed) = parser.parse(buffer) else {
                Issue.record("expected a request with \(buffer.count) bytes left")
                return
            }
            seen.append((request.path, String(decoding: request.body, as: UTF8.self)))
            buffer.removeFirst(consumed)
        }
        #expect(seen.map(\.0) == ["/one", "/two", "/three"])
        #expect(seen.map(\.1) == ["abc", "de", ""])
    }

    @Test func parse_pipelinedPartialSecondRequest_leavesItForTheNextCall() throws {
        let first = head("GET /one HTTP/1.1")
        let bytes = Array((first + "GET /tw").utf8)
        var parser = RequestParser.make()
        #expect(Parsed(parser.parse(bytes)) == .request(consumed: first.utf8.count))
        #expect(Parsed(parser.parse(Array(bytes[first.utf8.count...]))) == .needMore)
    }

    @Test func parse_skipsLeadingEmptyLines() throws {
        let text = "\r\n\r\n" + head("GET /after HTTP/1.1")
        #expect(try parsedRequest(text).path == "/after")
        #expect(Parsed(parse(text)) == .request(consumed: text.utf8.count))
    }

    @Test func parse_acceptsAbsoluteFormTarget_andDropsTheAuthority() throws {
        let request = try parsedRequest(head("GET http://evil.example:8080/a/b?c=d HTTP/1.1"))
        #expect(request.path == "/a/b")
        #expect(request.pathSegments == ["a", "b"])
        #expect(request.rawQuery == "c=d")
    }

    @Test func parse_readsAnEmptyAbsoluteFormPath_asTheRoot() throws {
        let request = try parsedRequest(head("GET http://example.test?x=1 HTTP/1.1"))
        #expect(request.path == "/")
        #expect(request.rawQuery == "x=1")
    }

    @Test func parse_acceptsAsteriskForm_forOPTIONSOnly() throws {
        let request = try parsedRequest(head("OPTIONS * HTTP/1.1"))
        #expect(request.path == "*" && request.pathSegments.isEmpty)
        #expect(Parsed(parse(head("GET * HTTP/1.1"))) == .failure(status: 400))
    }

    @Test func parse_keepsEncodedSlash_insideOneSegment() throws {
        let request = try parsedRequest(head("GET /files/a%2Fb/c%20d HTTP/1.1"))
        #expect(request.pathSegments == ["files", "a/b", "c d"])
        #expect(request.path == "/files/a%2Fb/c%20d")
    }

    @Test func parse_keepsTrailingEmptySegment() throws {
        #expect(try parsedRequest(head("GET /a/ HTTP/1.1")).pathSegments == ["a", ""])
        #expect(try parsedRequest(head("GET / HTTP/1.1")).pathSegments == [])
    }

    @Test func parse_acceptsDotsThatAreNotAWholeSegment() throws {
        #expect(try parsedRequest(head("GET /.well-known/a..b/... HTTP/1.1")).pathSegments == [".well-known", "a..b", "..."])
    }

    @Test func parse_acceptsHTTP10_withoutHost() throws {
        let request = try parsedRequest("GET / HTTP/1.0\r\n\r\n")
        #expect(request.version == .http10)
    }

    @Test(arguments: [
        ("HTTP/1.1", nil, true),
        ("HTTP/1.1", "close", false),
        ("HTTP/1.1", "Keep-Alive, CLOSE", false),
        ("HTTP/1.1", "upgrade", true),
        ("HTTP/1.0", nil, false),
        ("HTTP/1.0", "keep-alive", true),
        ("HTTP/1.0", "Upgrade , Keep-Alive", true),
        ("HTTP/1.0", "close", false),
    ] as [(String, String?, Bool)])
    func wantsKeepAlive_followsVersionAndConnectionTokens(version: String, connection: String?, expected: Bool) throws {
        let lines = ["GET / \(version)", "Host: h"] + (connection.map { ["Connection: \($0)"] } ?? [])
        let request = try parsedRequest(lines.map { $0 + "\r\n" }.joined() + "\r\n")
        #expect(request.wantsKeepAlive == expected)
    }

    @Test func awaitsContinue_isTrue_whileAnExpectedBodyHasNotArrived() {
        var parser = RequestParser.make()
        #expect(Parsed(parser.parse(Array(head("POST / HTTP/1.1", "Expect: 100-Continue", "Content-Length: 3").utf8))) == .needMore)
        #expect(parser.awaitsContinue)
    }

    @Test func awaitsContinue_isFalse_withoutExpect_andForHTTP10() {
        var plain = RequestParser.make()
        #expect(Parsed(plain.parse(Array(head("POST / HTTP/1.1", "Content-Length: 3").utf8))) == .needMore)
        #expect(!plain.awaitsContinue)
        var old = RequestParser.make()
        #expect(Parsed(old.parse(Array(head("POST / HTTP/1.0", "Expect: 100-continue", "Content-Length: 3").utf8))) == .needMore)
        #expect(!old.awaitsContinue)
    }
}
