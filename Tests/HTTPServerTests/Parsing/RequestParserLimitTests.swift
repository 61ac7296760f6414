import LoopbackClient
import Testing
@testable import HTTPServer

/// Size limits are enforced as bytes arrive, so a client cannot make the
/// server hold an unbounded head; and trickled bytes are never rescanned.
@Suite struct RequestParserLimitTests {
    private static func status(_ text: String, limits: ServerLimits = .make()) -> Parsed {
        Parsed(parse(text, limits: limits))
    }

    @Test func parse_answers414_forALongRequestLine_beforeItEnds() {
        let limits = ServerLimits.make(requestLine: 64)
        let partial = "GET /" + String(repeating: "a", count: 100)
        #expect(Self.status(partial, limits: limits) == .failure(status: 414))
        #expect(Self.status(head("GET /\(String(repeating: "a", count: 100)) HTTP/1.1"), limits: limits) == .failure(status: 414))
    }

    @Test func parse_acceptsARequestLine_exactlyAtTheLimit_inEverySplit() {
        let line = "GET /" + String(repeating: "a", count: 64 - 14) + " HTTP/1.1"
        #expect(line.utf8.count == 64)
        let text = head(line)
        let limits = ServerLimits.make(requestLine: 64)
        #expect(Self.status(text, limits: limits) == .request(consumed: text.utf8.count))
        let bytes = Array(text.utf8)
        for split in 1..<bytes.count {
            var parser = RequestParser.make(limits: limits)
            #expect(Parsed(parser.parse(Array(bytes[..<split]))) == .needMore, "split at \(split)")
        }
    }

    @Test func parse_answers431_forALongHeaderSection_beforeItEnds() {
        let limits = ServerLimits.make(headerBytes: 64)
        let partial = "GET / HTTP/1.1\r\nHost: h\r\nX-A: " + String(repeating: "a", count: 100)
        #expect(Self.status(partial, limits: limits) == .failure(status: 431))
        let completeLines = "GET / HTTP/1.1\r\n" + (0..<10).map { "X-\($0): 0123456789\r\n" }.joined()
        #expect(Self.status(completeLines, limits: limits) == .failure(status: 431))
    }

    @Test func parse_answers431_forTooManyHeaderFields_beforeTheHeadEnds() {
        let limits = ServerLimits.make(headerCount: 5)
        let partial = "GET / HTTP/1.1\r\n" + (0..<6).map { "X-\($0): 1\r\n" }.joined()
        #expect(Self.status(partial, limits: limits) == .failure(status: 431))
        let five = "GET / HTTP/1.1\r\nHost: h\r\n" + (0..<4).map { "X-\($0): 1\r\n" }.joined() + "\r\n"
        #expect(Self.status(five, limits: limits) == .request(consumed: five.utf8.count))
    }

    @Test func parse_acceptsAHeaderSection_exactlyAtTheByteLimit_inEverySplit() {
        // The limit counts field lines with their CRLFs, not the final empty line;
        // where the client splits its bytes must not change the answer.
        let fields = "Host: h\r\nX-A: 0123456789abc\r\n"
        let limits = ServerLimits.make(headerBytes: fields.utf8.count)
        let bytes = Array(("GET / HTTP/1.1\r\n" + fields + "\r\n").utf8)
        #expect(Parsed(parse(bytes: bytes, limits: limits)) == .request(consumed: bytes.count))
        for split in 1..<bytes.count {
            var parser = RequestParser.make(limits: limits)
            #expect(Parsed(parser.parse(Array(bytes[..<split]))) == .needMore, "split at \(split)")
            #expect(Parsed(parser.parse(bytes)) == .request(consumed: bytes.count), "split at \(split)")
        }
    }

    @Test func parse_refusesEndlessEmptyLines_beforeTheRequestLine() {
        let limits = ServerLimits.make(requestLine: 64)
        #expect(Self.status(String(repeating: "\r\n", count: 100), limits: limits) == .failure(status: 400))
    }

    /// Feeds `bytes` one at a time as a slow client would, and returns the last answer.
    private static func trickle(_ bytes: [UInt8], limits: ServerLimits) -> Parsed {
        var parser = RequestParser.make(limits: limits)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(bytes.count)
        var last = Parsed.needMore
        for byte in bytes {
            buffer.append(byte)
            last = Parsed(parser.parse(buffer))
            if last != .needMore { break }
        }
        return last
    }

    /// How long trickling one of these requests may take: linear work takes
    /// milliseconds; rescanning each line from its start on every byte
    /// (quadratic) takes many seconds at these sizes. The chunk-size test,
    /// 0.4–0.5 s in a debug build, takes 2–3.3 s under AddressSanitizer and
    /// 3.3–3.9 s under ThreadSanitizer on two busy cores; a quadratic parser
    /// slows down as much and still fails the scaled bound.
    private static let linearTime = Duration.seconds(3 * Sanitizer.slowdown)

    @Test(.timeLimit(.minutes(1)))
    func parse_trickledHead_isScannedOnce() {
        let limits = ServerLimits.make(requestLine: 48 * 1024, headerBytes: 48 * 1024)
        let long = String(repeating: "a", count: 40 * 1024)
        let text = head("GET /\(long) HTTP/1.1", "X-Long: \(long)")
        let clock = ContinuousClock()
        let elapsed = clock.measure { #expect(Self.trickle(Array(text.utf8), limits: limits) == .request(consumed: text.utf8.count)) }
        #expect(elapsed < Self.linearTime)
    }

    @Test(.timeLimit(.minutes(1)))
    func parse_trickledChunkSizeLines_areScannedOnce() {
        let limits = ServerLimits.make(body: 64 * 1024)
        let chunk = "40;" + String(repeating: "e", count: 1000) + "\r\n" + String(repeating: "d", count: 64) + "\r\n"
        let text = head("POST / HTTP/1.1", "Transfer-Encoding: chunked") + String(repeating: chunk, count: 500) + "0\r\n\r\n"
        let clock = ContinuousClock()
        let elapsed = clock.measure { #expect(Self.trickle(Array(text.utf8), limits: limits) == .request(consumed: text.utf8.count)) }
        #expect(elapsed < Self.linearTime)
    }

    @Test(.timeLimit(.minutes(1)))
    func parse_trickledTrailer_isScannedOnce() {
        let limits = ServerLimits.make(headerBytes: 48 * 1024)
        let text = head("POST / HTTP/1.1", "Transfer-Encoding: chunked")
            + "0\r\nX-Long: " + String(repeating: "t", count: 40 * 1024) + "\r\n\r\n"
        let clock = ContinuousClock()
        let elapsed = clock.measure { #expect(Self.trickle(Array(text.utf8), limits: limits) == .request(consumed: text.utf8.count)) }
        #expect(elapsed < Self.linearTime)
    }
}
