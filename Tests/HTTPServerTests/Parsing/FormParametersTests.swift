import Testing
@testable import HTTPServer

/// `application/x-www-form-urlencoded` bodies and query strings.
@Suite struct FormParametersTests {
    private static func decode(_ text: String) throws(HTTPParseError) -> FormParameters {
        try FormParameters(decoding: Array(text.utf8))
    }

    @Test func decoding_turnsPlusIntoSpace_andDecodesPercentTwenty() throws {
        let form = try Self.decode("a=one+two&b=three%20four&c=%2B")
        #expect(form["a"] == "one two")
        #expect(form["b"] == "three four")
        #expect(form["c"] == "+")
    }

    @Test func decoding_keepsRepeatedNames_inOrder_andCountsThem() throws {
        let form = try Self.decode("a=1&b=x&a=2")
        #expect(form["a"] == "1")
        #expect(form.count(of: "a") == 2)
        #expect(form.count(of: "b") == 1)
        #expect(form.count(of: "c") == 0)
        #expect(form.pairs.map(\.value) == ["1", "x", "2"])
    }

    @Test func decoding_skipsEmptyPairs() throws {
        #expect(try Self.decode("&&a=1&&b=2&") == FormParameters([("a", "1"), ("b", "2")]))
        #expect(try Self.decode("").pairs.isEmpty)
    }

    @Test func decoding_treatsMissingEquals_asEmptyValue_andKeepsLaterEquals() throws {
        #expect(try Self.decode("flag&x=a=b&=v") == FormParameters([("flag", ""), ("x", "a=b"), ("", "v")]))
    }

    @Test func decoding_decodesPercentEncodedNames_andUTF8() throws {
        #expect(try Self.decode("n%C3%A4me=%E2%9C%93")["näme"] == "✓")
    }

    @Test(arguments: ["a=%zz", "a=%2", "a=%", "%g1=b", "a=1&b=%%"])
    func decoding_throws400_onInvalidPercentEncoding(_ text: String) {
        #expect(throws: HTTPParseError.self) { try Self.decode(text) }
        #expect((try? Self.decode(text)) == nil)
        do { _ = try Self.decode(text) } catch { #expect(error.status == 400) }
    }

    @Test(arguments: ["a=%FF", "a=%C3%28", "%C0%80=x"])
    func decoding_throws_onNonUTF8(_ text: String) {
        #expect(throws: HTTPParseError.self) { try Self.decode(text) }
    }

    @Test func decoding_throws_onRawNonUTF8Bytes() {
        #expect(throws: HTTPParseError.self) { try FormParameters(decoding: [UInt8(ascii: "a"), UInt8(ascii: "="), 0xFF]) }
    }

    @Test func queryParameters_decodeTheRawQuery_andAreEmptyWithoutOne() throws {
        #expect(try HTTPRequest.make(.get, "/cb?code=a+b&state=%41").queryParameters() == FormParameters([("code", "a b"), ("state", "A")]))
        #expect(try HTTPRequest.make(.get, "/cb").queryParameters().pairs.isEmpty)
        #expect(throws: HTTPParseError.self) { try HTTPRequest.make(.get, "/cb?x=%zz").queryParameters() }
    }

    @Test func percentDecoding_leavesPlusAlone_outsideForms() throws {
        #expect(try PercentDecoding.decode(Array("a+b%2B".utf8), plusIsSpace: false) == "a+b+")
    }
}
