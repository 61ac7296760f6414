import Testing
@testable import HTTPServer

@Suite struct ASCIITests {
    /// RFC 9110 §5.6.2: tchar is ALPHA, DIGIT and these fifteen; every other byte is not.
    @Test func tokenChars_areExactlyRFC9110s() {
        let specials = Set("!#$%&'*+-.^_`|~".utf8)
        for byte in UInt8.min...UInt8.max {
            let isAlphaOrDigit = (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
            #expect(ASCII.isTokenChar(byte) == (isAlphaOrDigit || specials.contains(byte)), "byte \(byte)")
        }
    }

    /// RFC 9110 §5.5: a field value holds HTAB, SP, visible ASCII and
    /// obs-text; every other control, and DEL, is barred.
    @Test func fieldValueBytes_barControlsOtherThanHTAB_andDEL() {
        for byte in UInt8.min...UInt8.max {
            let allowed = byte == 0x09 || (0x20...0x7E).contains(byte) || byte >= 0x80
            #expect(ASCII.barredFromFieldValue(byte) == (allowed ? 0 : 1), "byte \(byte)")
        }
    }

    /// The check reads many bytes at once and the rest one at a time: a
    /// barred byte is found at every position of runs shorter and longer
    /// than a vector, through each of the three ways in.
    @Test func hasNoByte_findsABarredByteAtEveryPosition() {
        for length in [1, 7, 15, 16, 17, 31, 32, 33, 63, 64, 65, 300] {
            let clean = [UInt8](repeating: UInt8(ascii: "a"), count: length)
            #expect(clean[...].hasNoByte(ASCII.barredFromFieldValue))
            #expect(String(decoding: clean, as: UTF8.self).hasNoByte(ASCII.barredFromFieldValue))
            for position in 0..<length {
                var bytes = clean
                bytes[position] = 0x0A
                #expect(!bytes[...].hasNoByte(ASCII.barredFromFieldValue), "length \(length), at \(position)")
                #expect(!bytes[1...].hasNoByte(ASCII.barredFromFieldValue) || position == 0, "length \(length), at \(position)")
                #expect(!String(decoding: bytes, as: UTF8.self).hasNoByte(ASCII.barredFromFieldValue), "length \(length), at \(position)")
            }
        }
    }
}
