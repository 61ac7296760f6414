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
}
