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

    /// A slice's indices start where it sits in its buffer, not at 0: each
    /// piece of "foobar" encodes as the same bytes on their own would.
    @Test func encode_ofASlice_readsOnlyTheSlice() {
        let buffer = Array("foobar".utf8)
        for start in 0...buffer.count {
            for end in start...buffer.count {
                #expect(Base64URL.encode(buffer[start..<end]) == Base64URL.encode(Array(buffer[start..<end])), "\(start)..<\(end)")
            }
        }
        #expect(Base64URL.encode(buffer[3...]) == "YmFy")
    }

    @Test(arguments: [0, 1, 2, 3, 4, 5, 31, 32, 33, 256])
    func decode_returnsWhatEncodeWasGiven(length: Int) {
        let bytes = SecureRandom.bytes(count: length)
        #expect(Base64URL.decode(Base64URL.encode(bytes).utf8) == bytes)
    }

    @Test func decode_readsRFC4648Vectors() {
        #expect(Base64URL.decode("".utf8) == [])
        #expect(Base64URL.decode("Zg".utf8) == Array("f".utf8))
        #expect(Base64URL.decode("Zm8".utf8) == Array("fo".utf8))
        #expect(Base64URL.decode("Zm9vYmFy".utf8) == Array("foobar".utf8))
        #expect(Base64URL.decode("-_-_-_8".utf8) == [0xFB, 0xFF, 0xBF, 0xFB, 0xFF])
    }

    @Test(arguments: ["Zg==", "Zm8=", "Zm9v=", "+/8", "Zm9v\n", "Zm 9v", "Zm9v.", "é", "Z"])
    func decode_refusesPaddingNonAlphabetBytesAndALoneCharacter(encoded: String) {
        #expect(Base64URL.decode(encoded.utf8) == nil)
    }

    /// "Zh" and "Zm9" carry bits past the last byte: each byte string has one spelling.
    @Test(arguments: ["Zh", "Zp", "Zm9", "Zm-", "AB"])
    func decode_refusesNonZeroTrailingBits(encoded: String) {
        #expect(Base64URL.decode(encoded.utf8) == nil)
    }

    @Test func isAlphabet_acceptsExactlyTheSixtyFourCharacters() {
        let accepted = (0...255).map(UInt8.init).filter(Base64URL.isAlphabet)
        #expect(accepted == Array("-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz".utf8))
    }
}
