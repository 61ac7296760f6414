import Testing
@testable import HTTPServer

/// Body framing under attack: the smuggling shapes of RFC 9112 §6 and §7.1,
/// where two readers could disagree about where a request ends.
@Suite struct RequestParserFramingTests {
    private static func status(_ text: String, limits: ServerLimits = .make()) -> Parsed {
        Parsed(parse(text, limits: limits))
    }

    private static func chunked(_ body: String) -> String {
        head("POST / HTTP/1.1", "Transfer-Encoding: chunked") + body
    }

    // MARK: Transfer-Encoding

    @Test func parse_refusesContentLengthWithTransferEncoding() {
        let text = head("POST / HTTP/1.1", "Content-Length: 4", "Transfer-Encoding: chunked") + "0\r\n\r\n"
        #expect(Self.status(text) == .failure(status: 400))
    }

    @Test func parse_refusesTransferEncoding_inHTTP10() {
        #expect(Self.status(head("POST / HTTP/1.0", "Transfer-Encoding: chunked") + "0\r\n\r\n") == .failure(status: 400))
    }

    @Test(arguments: [
        ("chunked, chunked", 400),
        ("chunked, gzip", 400),
        ("gzip, chunked", 501),
        ("gzip", 501),
        ("xchunked", 501),
        ("chunked,", 400),
        (", chunked", 400),
        ("", 400),
    ])
    func parse_refusesTransferCoding_thatIsNotChunkedOnce(_ value: String, status: Int) {
        let text = head("POST / HTTP/1.1", "Transfer-Encoding: \(value)") + "0\r\n\r\n"
        #expect(Self.status(text) == .failure(status: status))
    }

    @Test func parse_refusesChunked_splitOverTwoTransferEncodingFields() {
        let text = head("POST / HTTP/1.1", "Transfer-Encoding: chunked", "Transfer-Encoding: chunked") + "0\r\n\r\n"
        #expect(Self.status(text) == .failure(status: 400))
    }

    @Test func parse_refusesWhitespaceBeforeColon_inTransferEncoding() {
        let text = head("POST / HTTP/1.1", "Transfer-Encoding : chunked") + "0\r\n\r\n"
        #expect(Self.status(text) == .failure(status: 400))
    }

    // MARK: Content-Length

    @Test func parse_refusesRepeatedContentLength_evenWhenEqual() {
        let text = head("POST / HTTP/1.1", "Content-Length: 5", "Content-Length: 5") + "hello"
        #expect(Self.status(text) == .failure(status: 400))
    }

    @Test(arguments: ["+5", "-1", "1,1", "0x5", "5 5", "five", "", "1.0", "\u{0661}"])
    func parse_refusesContentLength_thatIsNotPlainDigits(_ value: String) {
        #expect(Self.status(head("POST / HTTP/1.1", "Content-Length: \(value)") + "hello") == .failure(status: 400))
    }

    @Test func parse_answers413_forContentLengthTooBigForAnyInteger() {
        #expect(Self.status(head("POST / HTTP/1.1", "Content-Length: 99999999999999999999999")) == .failure(status: 413))
    }

    @Test func parse_answers413_forContentLengthOverTheLimit_beforeTheBodyArrives() {
        let limits = ServerLimits.make(body: 10)
        #expect(Self.status(head("POST / HTTP/1.1", "Content-Length: 11"), limits: limits) == .failure(status: 413))
        let atLimit = head("POST / HTTP/1.1", "Content-Length: 10") + "0123456789"
        #expect(Self.status(atLimit, limits: limits) == .request(consumed: atLimit.utf8.count))
    }

    // MARK: Chunk sizes and data

    @Test(arguments: ["zz", "-1", "0x5", "", " 5", "5 x", "\u{7F}"])
    func parse_refusesInvalidChunkSize(_ size: String) {
        #expect(Self.status(Self.chunked("\(size)\r\nhello\r\n0\r\n\r\n")) == .failure(status: 400))
    }

    @Test func parse_answers413_forHugeHexChunkSize_withoutOverflowing() {
        #expect(Self.status(Self.chunked("ffffffffffffffffffff\r\n")) == .failure(status: 413))
        let leadingZeros = Self.chunked("000000000000000000000000000000001\r\nx\r\n0\r\n\r\n")
        #expect(Self.status(leadingZeros) == .request(consumed: leadingZeros.utf8.count))
    }

    @Test func parse_answers413_whenChunksTogetherPassTheBodyLimit() {
        let limits = ServerLimits.make(body: 8)
        #expect(Self.status(Self.chunked("5\r\nhello\r\n4\r\nabcd\r\n"), limits: limits) == .failure(status: 413))
        let exact = Self.chunked("5\r\nhello\r\n3\r\nabc\r\n0\r\n\r\n")
        #expect(Self.status(exact, limits: limits) == .request(consumed: exact.utf8.count))
    }

    @Test(arguments: ["5;a=\u{0}\r\n", "5;a=\u{1B}\r\n", "5;a\u{7F}\r\n", "5;a=b\rc\r\n", "5x\r\n"])
    func parse_refusesChunkExtension_withControlCharacters(_ line: String) {
        #expect(Self.status(Self.chunked(line + "hello\r\n0\r\n\r\n")) == .failure(status: 400))
    }

    @Test func parse_acceptsChunkExtensions_withAndWithoutValues() throws {
        let request = try parsedRequest(Self.chunked("5 ; a=\"q\"; b\r\nhello\r\n0;last\r\n\r\n"))
        #expect(request.body == Array("hello".utf8))
    }

    @Test func parse_refusesChunkData_notFollowedByCRLF() {
        #expect(Self.status(Self.chunked("5\r\nhelloXY0\r\n\r\n")) == .failure(status: 400))
        #expect(Self.status(Self.chunked("5\r\nhello\n0\r\n\r\n")) == .failure(status: 400))
        // A chunk longer than its size is the classic way to hide a second request.
        #expect(Self.status(Self.chunked("3\r\nhello\r\n0\r\n\r\n")) == .failure(status: 400))
    }

    @Test func parse_refusesBareLF_inChunkSizeLine_andTrailer() {
        #expect(Self.status(Self.chunked("5\nhello\r\n0\r\n\r\n")) == .failure(status: 400))
        #expect(Self.status(Self.chunked("0\r\nX-T: 1\n\r\n")) == .failure(status: 400))
        #expect(Self.status(Self.chunked("0\r\n\n")) == .failure(status: 400))
    }

    @Test func parse_refusesChunkSizeLine_longerThanItsLimit_beforeItEnds() {
        var limits = ServerLimits.make()
        limits.maxChunkLineBytes = 16
        let long = "1;" + String(repeating: "a", count: limits.maxChunkLineBytes)
        #expect(Self.status(Self.chunked(long), limits: limits) == .failure(status: 400))
        #expect(Self.status(Self.chunked(long)) == .needMore, "within the default limit")
    }

    @Test func parse_refusesMalformedTrailer() {
        #expect(Self.status(Self.chunked("0\r\n folded: 1\r\n\r\n")) == .failure(status: 400))
        #expect(Self.status(Self.chunked("0\r\nno colon\r\n\r\n")) == .failure(status: 400))
        #expect(Self.status(Self.chunked("0\r\nX-T: a\u{0}b\r\n\r\n")) == .failure(status: 400))
    }

    @Test func parse_countsTrailers_towardTheHeaderFieldLimit() {
        // The head has two fields (Host, Transfer-Encoding); four allows two trailers.
        let limits = ServerLimits.make(headerCount: 4)
        let two = Self.chunked("0\r\nA: 1\r\nB: 2\r\n\r\n")
        #expect(Self.status(two, limits: limits) == .request(consumed: two.utf8.count))
        #expect(Self.status(Self.chunked("0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"), limits: limits) == .failure(status: 431))
    }

    @Test func parse_countsTrailerBytes_towardTheHeaderByteLimit_beforeTheLineEnds() {
        let limits = ServerLimits.make(headerBytes: 64)
        #expect(Self.status(Self.chunked("0\r\nX: " + String(repeating: "a", count: 80)), limits: limits) == .failure(status: 431))
        let many = (0..<8).map { "X\($0): 0123456\r\n" }.joined()  // 8 × 13 bytes
        #expect(Self.status(Self.chunked("0\r\n" + many + "\r\n"), limits: limits) == .failure(status: 431))
    }
}
