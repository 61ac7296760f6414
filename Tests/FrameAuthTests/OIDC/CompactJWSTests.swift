@testable import FrameAuth
import Testing

extension OIDCTests {
    @Suite struct CompactJWSTests {
        static func encoded(_ json: String) -> String { Base64URL.encode(Array(json.utf8)) }

        @Test func parse_splitsRFC7515ExampleA2_andKeepsTheSigningInputAsReceived() throws {
            let token = RFC7515ExampleA2.signingInput + "." + RFC7515ExampleA2.signature
            let jws = try CompactJWS.parse(token)
            #expect(jws.header == JOSEHeader(alg: "RS256", kid: nil, typ: nil))
            #expect(jws.payload == Array("{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}".utf8))
            #expect(jws.signingInput == Array(RFC7515ExampleA2.signingInput.utf8))
            #expect(jws.signature == Base64URL.decode(RFC7515ExampleA2.signature.utf8))
        }

        @Test func parse_readsKidAndTyp() throws {
            let jws = try CompactJWS.parse(Self.encoded(#"{"alg":"RS256","kid":"k-1","typ":"JWT"}"#) + ".e30.")
            #expect(jws.header == JOSEHeader(alg: "RS256", kid: "k-1", typ: "JWT"))
            #expect(jws.payload == Array("{}".utf8))
            #expect(jws.signature == [])
        }

        @Test(arguments: ["", "e30", "e30.e30", "e30.e30.e30.e30", "e30.e30.e30.e30.e30", "e30.e30.e30."])
        func parse_refusesAnythingButThreeParts(token: String) {
            #expect(throws: IDTokenError.notCompactJWS) { try CompactJWS.parse(token) }
        }

        @Test(arguments: ["e30=.e30.e30", "e30.e30=.e30", "e30.e30.AA==", "e30.e3 0.e30", "e30.e30.+/8", "e30.e30.Z"])
        func parse_refusesAPartThatIsNotUnpaddedBase64URL(token: String) {
            #expect(throws: IDTokenError.notCompactJWS) { try CompactJWS.parse(token) }
        }

        @Test func parse_refusesATokenOver16KiB() throws {
            let header = Self.encoded(#"{"alg":"RS256"}"#)
            let fits = header + "." + String(repeating: "A", count: 16 * 1024 - header.utf8.count - 2) + "."
            #expect(throws: Never.self) { try CompactJWS.parse(fits) }
            #expect(throws: IDTokenError.tooLarge) { try CompactJWS.parse(fits + "AA") }
        }

        @Test(arguments: [
            "[]", #""RS256""#, "42", "null", "{", #"{"alg":"RS256"} x"#, "{}", #"{"alg":256}"#, #"{"alg":null}"#,
            #"{"alg":"RS256","kid":7}"#, #"{"alg":"RS256","typ":["JWT"]}"#,
        ])
        func parse_refusesAHeaderThatIsNotAJSONObjectWithAStringAlg(header: String) {
            #expect(throws: IDTokenError.malformedHeader) { try CompactJWS.parse(Self.encoded(header) + ".e30.") }
        }

        /// RFC 7515 §4: a duplicate name is refused rather than read as JSONDecoder would (the first).
        @Test(arguments: [#"{"alg":"none","alg":"RS256"}"#, #"{"alg":"RS256","kid":"a","k\u0069d":"b"}"#])
        func parse_refusesAHeaderNamingAMemberTwice(header: String) {
            #expect(throws: IDTokenError.malformedHeader) { try CompactJWS.parse(Self.encoded(header) + ".e30.") }
        }

        @Test(arguments: [#"{"alg":"RS256","crit":["exp"],"exp":1}"#, #"{"alg":"RS256","crit":[]}"#, #"{"alg":"RS256","b64":false,"crit":["b64"]}"#])
        func parse_refusesACriticalHeader(header: String) {
            #expect(throws: IDTokenError.criticalHeader) { try CompactJWS.parse(Self.encoded(header) + ".e30.") }
        }

        @Test func parse_acceptsNestedObjectsAndStringsWithCommasInTheHeader() throws {
            let header = #"{"alg":"RS256","x5u":"a,b\",c","jwk":{"kty":"RSA","e":"AQAB"},"x5c":["a","b"]}"#
            #expect(try CompactJWS.parse(Self.encoded(header) + ".e30.").header.alg == "RS256")
        }
    }
}
