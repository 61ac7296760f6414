@testable import HTTPServer
import Testing

@Suite struct ResponseEncoderTests {
    private static let date = ArraySlice("Sun, 06 Dec 2026 07:00:00 GMT".utf8)

    private static func encoded(_ response: HTTPResponse, keepAlive: Bool = true, bodyless: Bool = false) -> String {
        String(decoding: ResponseEncoder.encode(response, keepAlive: keepAlive, bodyless: bodyless, date: date), as: UTF8.self)
    }

    @Test func aResponse_isOneBuffer_headInOrder_thenLengthAndBody() {
        let response = HTTPResponse(status: .ok, headers: HTTPHeaders([("Content-Type", "text/plain"), ("X-A", "1")]),
                                    body: Array("hi".utf8))
        #expect(Self.encoded(response) == "HTTP/1.1 200 OK\r\nDate: Sun, 06 Dec 2026 07:00:00 GMT\r\n"
            + "Content-Type: text/plain\r\nX-A: 1\r\nContent-Length: 2\r\n\r\nhi")
    }

    @Test func closing_saysSo() {
        #expect(Self.encoded(HTTPResponse(status: .ok), keepAlive: false).hasSuffix("Content-Length: 0\r\nConnection: close\r\n\r\n"))
    }

    /// RFC 9110 §9.3.2: a HEAD answer tells the length a GET would carry, and carries no body.
    @Test func aHeadAnswer_keepsTheLength_withoutTheBody() {
        let text = Self.encoded(.text("hello"), bodyless: true)
        #expect(text.hasSuffix("Content-Length: 5\r\n\r\n"))
    }

    /// RFC 9110 §8.6: 204 and 304 carry neither a body nor a Content-Length.
    @Test(arguments: [HTTPStatus.noContent, .notModified])
    func noContentAndNotModified_haveNoLengthAndNoBody(status: HTTPStatus) {
        let text = Self.encoded(HTTPResponse(status: status, body: Array("x".utf8)))
        #expect(!text.contains("Content-Length") && text.hasSuffix("\r\n\r\n"))
    }

    /// A value that could split the response is a bug upstream: a bare 500
    /// leaves instead, and the connection closes.
    /// The last two put the bad byte past the first 300, where the check
    /// reads many bytes at a time.
    @Test(arguments: ["a\r\nSet-Cookie: x=1", "a\nb", "a\u{0}b", "a\u{7F}b",
                      String(repeating: "x", count: 300) + "\r\nSet-Cookie: x=1", String(repeating: "x", count: 333) + "\n"])
    func aFieldThatCouldSplitTheResponse_becomesA500(value: String) {
        let text = Self.encoded(HTTPResponse(status: .ok, headers: HTTPHeaders([("Location", value)])))
        #expect(text.hasPrefix("HTTP/1.1 500 Internal Server Error\r\n"))
        #expect(!text.contains("Set-Cookie") && !text.contains("Location"))
        #expect(text.contains("Connection: close"))
    }

    @Test(arguments: ["Bad Name", "", "X-A:", "Ä"])
    func aFieldNameThatIsNotAToken_becomesA500(name: String) {
        let text = Self.encoded(HTTPResponse(status: .ok, headers: HTTPHeaders([("X-Fine", "1"), (name, "v")])))
        #expect(text.hasPrefix("HTTP/1.1 500 "))
        #expect(!text.contains("X-Fine"))
    }

    @Test func aTabInAValue_isAllowed() {
        #expect(Self.encoded(HTTPResponse(status: .ok, headers: HTTPHeaders([("X-T", "a\tb")]))).contains("X-T: a\tb\r\n"))
    }
}
