import Testing
@testable import FrameAuth

@Suite struct FormURLEncodingTests {
    @Test func encode_keepsOnlyAlphanumericsAndStarDashDotUnderscore() {
        // WHATWG URL §5.2: "~" is not in the form-urlencoded safe set.
        #expect(FormURLEncoding.encode("AZaz09*-._~") == "AZaz09*-._%7E")
    }

    @Test func encode_turnsSpaceIntoPlus_andPercentEncodesPlusAmpersandEquals() {
        #expect(FormURLEncoding.encode("a b+c&d=e") == "a+b%2Bc%26d%3De")
    }

    @Test func encode_percentEncodesUTF8Bytes() {
        #expect(FormURLEncoding.encode("ü✓") == "%C3%BC%E2%9C%93")
    }

    @Test func encode_joinsPairsInOrder() {
        #expect(FormURLEncoding.encode([("b", "1"), ("a", ""), ("b", "2")]) == "b=1&a=&b=2")
    }
}
