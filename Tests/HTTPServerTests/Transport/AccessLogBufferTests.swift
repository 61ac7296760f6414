import Foundation
import Testing
@testable import HTTPServer

/// The access log's line, written byte by byte: valid JSON, every field as
/// before, and a hostile path that cannot break the line.
@Suite struct AccessLogBufferTests {
    private static func line(path: String = "/healthz", durationNanoseconds: UInt64) throws -> [String: Any] {
        let written = Lock<[UInt8]>([])
        let buffer = AccessLogBuffer(sink: { bytes in written.withLock { $0 += bytes } })
        buffer.record(method: "GET", path: path, status: 200, durationNanoseconds: durationNanoseconds, bytes: 123, peer: "127.0.0.1")
        buffer.flush()
        let text = written.withLock { String(decoding: $0, as: UTF8.self) }
        #expect(text.hasSuffix("}\n") && text.filter { $0 == "\n" }.count == 1)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test(arguments: [(UInt64(1_500_000), 1.5), (52_000, 0.052), (3_000_000, 3.0), (0, 0.0), (123_456_789, 123.456), (999, 0.0)])
    func duration_isInMilliseconds_toTheMicrosecond(_ nanoseconds: UInt64, _ milliseconds: Double) throws {
        #expect(try Self.line(durationNanoseconds: nanoseconds)["duration_ms"] as? Double == milliseconds)
    }

    @Test func everyField_isThere_andTheTimeIsUTCToTheMillisecond() throws {
        let entry = try Self.line(durationNanoseconds: 1_000)
        #expect(entry["method"] as? String == "GET" && entry["path"] as? String == "/healthz")
        #expect(entry["status"] as? Int == 200 && entry["bytes"] as? Int == 123 && entry["peer"] as? String == "127.0.0.1")
        let time = try #require(entry["time"] as? String)
        #expect(time.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/) != nil, "\(time)")
    }

    /// Under load the loop does not flush between requests: a full block
    /// goes out by itself, whole lines only, and the rest waits for `flush`.
    @Test func aFullBlock_isWrittenWithoutAFlush_andTheRestOnFlush() {
        let writes = Lock<[[UInt8]]>([])
        let buffer = AccessLogBuffer(sink: { bytes in writes.withLock { $0.append(bytes) } })
        var recorded = 0
        while writes.withLock(\.isEmpty) {
            buffer.record(method: "GET", path: "/api/users/u-\(recorded)/token", status: 200, durationNanoseconds: 1, bytes: 9, peer: "127.0.0.1")
            recorded += 1
        }
        let first = writes.withLock { $0[0] }
        #expect(first.count >= AccessLogBuffer.blockSize && first.count < AccessLogBuffer.blockSize + 200)
        #expect(first.last == UInt8(ascii: "\n") && first.count { $0 == UInt8(ascii: "\n") } == recorded)
        #expect(!buffer.hasPending)

        buffer.record(method: "GET", path: "/healthz", status: 200, durationNanoseconds: 1, bytes: 9, peer: "127.0.0.1")
        #expect(buffer.hasPending && writes.withLock(\.count) == 1)
        buffer.flush()
        #expect(!buffer.hasPending && writes.withLock { String(decoding: $0[1], as: UTF8.self) }.contains("/healthz"))
    }

    @Test func aHostilePath_staysInsideItsString() throws {
        let path = "/a\"b\\c\nd\re\tf\u{01}g\u{7F}h-é"
        #expect(try Self.line(path: path, durationNanoseconds: 1)["path"] as? String == path)
    }
}

@Suite struct JSONStringTests {
    @Test(arguments: [
        ("plain", #""plain""#),
        ("quote \" and \\", #""quote \" and \\""#),
        ("\n\r\t", #""\n\r\t""#),
        ("\u{00}\u{1F}\u{7F}", #""\u0000\u001f\u007f""#),
        ("é 🙂", "\"é 🙂\""),
        ("", #""""#),
    ])
    func quote_escapesWhatJSONRequires_andNothingElse(_ text: String, _ quoted: String) {
        #expect(JSONString.quote(text) == quoted)
    }

    /// Text is checked many bytes at a time before it is copied whole: a
    /// byte to escape is found wherever it sits, around the vector widths.
    @Test func quote_findsAByteToEscape_atAnyPosition() {
        for length in [1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 130] {
            for position in 0..<length {
                let before = String(repeating: "a", count: position), after = String(repeating: "b", count: length - position - 1)
                #expect(JSONString.quote(before + "\n" + after) == "\"" + before + #"\n"# + after + "\"", "\(length) at \(position)")
            }
        }
    }
}
