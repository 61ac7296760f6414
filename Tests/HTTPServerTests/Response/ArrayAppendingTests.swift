import Testing
import HTTPServer

/// The byte-buffer appends the response head, the access log and the token
/// API's JSON are written with.
@Suite struct ArrayAppendingTests {
    @Test(arguments: [(0, 1, "0"), (7, 1, "7"), (10, 1, "10"), (200, 1, "200"), (5, 3, "005"), (42, 3, "042"),
                      (1234, 2, "1234"), (0, 3, "000"), (Int.max, 1, "9223372036854775807"), (0, 20, String(repeating: "0", count: 20))])
    func decimal_isTheNumberPaddedToItsWidth(value: Int, width: Int, expected: String) {
        var bytes = Array("x=".utf8)
        bytes.append(decimal: value, width: width)
        #expect(String(decoding: bytes, as: UTF8.self) == "x=" + expected)
    }

    @Test func literal_isAppendedWhole_afterWhatWasThere() {
        var bytes = Array("HTTP/1.1 ".utf8)
        bytes.append(literal: "200 OK\r\n")
        bytes.append(literal: #"{"a":"é"}"#)
        bytes.append(literal: "")
        #expect(String(decoding: bytes, as: UTF8.self) == "HTTP/1.1 200 OK\r\n{\"a\":\"é\"}")
    }
}
