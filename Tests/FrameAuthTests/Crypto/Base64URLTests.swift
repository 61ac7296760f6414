import Testing
import FrameAuth

@Suite struct Base64URLTests {
    @Test func encode_usesDashAndUnderscore_andNoPadding() {
        // Standard base64 of these bytes is "+/+/" plus "+w==".
        #expect(Base64URL.encode([0xFB, 0xFF, 0xBF, 0xFB, 0xFF]) == "-_-_-_8")
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
    }

    @Test func encode_matchesRFC4648Vectors_withoutPadding() {
        #expect(Base64URL.encode([]) == "")
        #expect(Base64URL.encode(Array("f".utf8)) == "Zg")
        #expect(Base64URL.encode(Array("fo".utf8)) == "Zm8")
        #expect(Base64URL.encode(Array("foo".utf8)) == "Zm9v")
        #expect(Base64URL.encode(Array("foobar".utf8)) == "Zm9vYmFy")
    }
}
