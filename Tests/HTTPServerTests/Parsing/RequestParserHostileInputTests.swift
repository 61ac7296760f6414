import Testing
@testable import HTTPServer

/// Malformed and hostile request lines and header sections: each must be
/// answered with its status, never accepted and never left waiting.
@Suite struct RequestParserHostileInputTests {
    private static func status(_ text: String, limits: ServerLimits = .make()) -> Parsed {
        Parsed(parse(text, limits: limits))
    }

    // MARK: Line ends

    @Test func parse_refusesBareLF_inRequestLine() {
        #expect(Self.status("GET / HTTP/1.1\nHost: h\r\n\r\n") == .failure(status: 400))
    }

    @Test func parse_refusesBareLF_inHeaderSection() {
        #expect(Self.status("GET / HTTP/1.1\r\nHost: h\nX: 1\r\n\r\n") == .failure(status: 400))
        #expect(Self.status("GET / HTTP/1.1\r\nHost: h\r\n\n") == .failure(status: 400))
    }

    @Test func parse_refusesBareLF_beforeTheRequestLine() {
        #expect(Self.status("\n" + head()) == .failure(status: 400))
    }

    @Test func parse_waits_whileTheHeadHasNoFinalEmptyLine() {
        #expect(Self.status("GET / HTTP/1.1\r\nHost: h\r\n") == .needMore)
        #expect(Self.status("GET / HTTP/1.1\r\nHost: h\r\n\r") == .needMore)
    }

    @Test func parse_refusesObsoleteLineFolding() {
        #expect(Self.status("GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n  continued\r\n\r\n") == .failure(status: 400))
        #expect(Self.status("GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n\tcontinued\r\n\r\n") == .failure(status: 400))
    }

    // MARK: Control characters

    @Test(arguments: ["a\u{0}b", "a\u{7F}b", "a\rb", "a\u{1B}b", "a\u{0B}b"])
    func parse_refusesControlCharacter_inHeaderValue(_ value: String) {
        #expect(Self.status(head("GET / HTTP/1.1", "X-A: \(value)")) == .failure(status: 400))
    }

    @Test(arguments: ["/a\u{0}b", "/a\u{7F}b", "/a\rb", "/a\tb", "/\u{E9}"])
    func parse_refusesControlOrNonASCIICharacter_inTarget(_ target: String) {
        #expect(Self.status(head("GET \(target) HTTP/1.1")) == .failure(status: 400))
    }

    @Test func parse_acceptsObsText_inHeaderValue() throws {
        // obs-text (0x80-0xFF) is allowed in a field value by RFC 9110 §5.5; it must not crash.
        var bytes = Array(head("GET / HTTP/1.1", "X-A: a").utf8)
        bytes.insert(0xFF, at: bytes.count - 4)
        guard case .request(let request, _) = parse(bytes: bytes) else {
            Issue.record("obs-text in a header value was refused")
            return
        }
        #expect(request.headers["X-A"]?.unicodeScalars.count == 2)
    }

    // MARK: Header names

    @Test(arguments: ["X A: 1", ": 1", "X-A\t: 1", "X(A): 1", "X\u{0}: 1", "no colon"])
    func parse_refusesInvalidHeaderName(_ line: String) {
        #expect(Self.status(head("GET / HTTP/1.1", line)) == .failure(status: 400))
    }

    // MARK: Host

    @Test func parse_refusesHTTP11_withoutHost() {
        #expect(Self.status("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n") == .failure(status: 400))
    }

    @Test func parse_refusesDuplicateHost_inBothVersions() {
        #expect(Self.status(head("GET / HTTP/1.1", "Host: other.example")) == .failure(status: 400))
        #expect(Self.status("GET / HTTP/1.0\r\nHost: a\r\nhost: b\r\n\r\n") == .failure(status: 400))
    }

    // MARK: Request line

    @Test(arguments: ["HTTP/2.0", "HTTP/0.9", "HTTP/3.0"])
    func parse_answers505_forAWellFormedOtherVersion(_ version: String) {
        #expect(Self.status(head("GET / \(version)")) == .failure(status: 505))
    }

    @Test(arguments: ["HTTP/1.1x", "http/1.1", "HTTP/1.1 ", "HTTP/11", "HTTP/1.", "HTTP/1.1\u{0}", "HTTP/10.0"])
    func parse_refusesMalformedVersion(_ version: String) {
        #expect(Self.status(head("GET / \(version)")) == .failure(status: 400))
    }

    @Test(arguments: ["GET  / HTTP/1.1", " GET / HTTP/1.1", "GET /  HTTP/1.1", "GET\t/ HTTP/1.1",
                      "GET / a HTTP/1.1", "GET /", "GET", "G(T / HTTP/1.1", "/ HTTP/1.1"])
    func parse_refusesMalformedRequestLine(_ line: String) {
        #expect(Self.status(head(line)) == .failure(status: 400))
    }

    // MARK: Target

    @Test func parse_refusesFragment_inTarget() {
        #expect(Self.status(head("GET /page#top HTTP/1.1")) == .failure(status: 400))
    }

    @Test(arguments: ["/a%zz", "/a%2", "/a%", "/%g0/b"])
    func parse_refusesInvalidPercentEncoding_inPath(_ target: String) {
        #expect(Self.status(head("GET \(target) HTTP/1.1")) == .failure(status: 400))
    }

    @Test(arguments: ["/%FF", "/a%C3%28", "/%C0%AF", "/%ED%A0%80"])
    func parse_refusesPercentEncodedPath_thatIsNotUTF8(_ target: String) {
        #expect(Self.status(head("GET \(target) HTTP/1.1")) == .failure(status: 400))
    }

    /// Two spellings of one path must not reach two different places: `//x`
    /// is not `/x` to the router but is to the file system.
    @Test(arguments: ["//templates/x", "///x", "/a//b", "/a//", "/./x", "/a/.", "/a/../x", "/..", "/%2e/x", "/%2E%2E/x",
                      "/a/.%2e/b", "http://h//x", "http://h/./x"])
    func parse_refusesDotSegmentsAndEmptySegmentsBeforeTheLast(_ target: String) {
        #expect(Self.status(head("GET \(target) HTTP/1.1")) == .failure(status: 400))
    }

    @Test(arguments: ["example.com/a", "http://", "http:///a", "http://?x", "ftp://h/a"])
    func parse_refusesTarget_thatIsNeitherAPathNorAbsolute(_ target: String) {
        #expect(Self.status(head("GET \(target) HTTP/1.1")) == .failure(status: 400))
    }
}
