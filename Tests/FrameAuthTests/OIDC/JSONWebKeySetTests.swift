@testable import FrameAuth
import Testing

extension OIDCTests {
    @Suite struct JSONWebKeySetTests {
        static let n = Base64URL.encode(TestRSAKeys.first.modulus)

        static func rsa(_ kid: String, _ extra: String = "") -> String {
            #"{"kty":"RSA","kid":"\#(kid)","n":"\#(n)","e":"AQAB"\#(extra)}"#
        }

        static func decode(_ entries: [String]) throws(IDTokenError) -> [String] {
            try JSONWebKeySet.decode(Array(#"{"keys":[\#(entries.joined(separator: ","))]}"#.utf8)).keys.map(\.kid)
        }

        @Test func decode_readsAnRSAKey_withItsModulusAndExponentDecoded() throws {
            let set = try JSONWebKeySet.decode(Array(#"{"keys":[\#(Self.rsa("k1", #","use":"sig","alg":"RS256""#))]}"#.utf8))
            #expect(set.keys == [JSONWebKeySet.Key(
                kid: "k1", kty: "RSA", use: "sig", alg: "RS256", n: TestRSAKeys.first.modulus, e: [1, 0, 1])])
        }

        @Test func decode_keepsRS256SigningKeys_andSkipsEveryOtherKind() throws {
            let kids = try Self.decode([
                Self.rsa("plain"),
                Self.rsa("signing", #","use":"sig","alg":"RS256""#),
                Self.rsa("encryption", #","use":"enc""#),
                Self.rsa("rs512", #","alg":"RS512""#),
                Self.rsa("pss", #","alg":"PS256""#),
                Self.rsa("use-array", #","use":["sig"]"#),
                Self.rsa("with-ops", #","key_ops":["verify"],"x5c":["MIIB"]"#),
                #"{"kty":"EC","kid":"ec","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#,
                #"{"kty":"oct","kid":"hmac","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T"}"#,
                #"{"kty":"RSA","n":"\#(Self.n)","e":"AQAB"}"#,
                #"{"kty":"RSA","kid":"","n":"\#(Self.n)","e":"AQAB"}"#,
                #"{"kty":"RSA","kid":"padded","n":"\#(Self.n)","e":"AQAB=="}"#,
                #"{"kty":"RSA","kid":"no-n","e":"AQAB"}"#,
                #"{"kty":["RSA"],"kid":"kty-array","n":"\#(Self.n)","e":"AQAB"}"#,
                #"{"kty":"RSA","kid":7,"n":"\#(Self.n)","e":"AQAB"}"#,
                #""a string""#, "42", "null", "[]",
            ])
            #expect(kids == ["plain", "signing", "with-ops"])
        }

        @Test func decode_keepsTheFirstOfTwoKeysNamedAlike() throws {
            let set = try JSONWebKeySet.decode(Array(#"{"keys":[\#(Self.rsa("k1")),{"kty":"RSA","kid":"k1","n":"AQAB","e":"AQAB"}]}"#.utf8))
            #expect(set.keys.map(\.n) == [TestRSAKeys.first.modulus])
        }

        @Test(arguments: ["", "not json", "[]", "{}", #"{"keys":{}}"#, #"{"keys":null}"#, #"{"keys":"k"}"#])
        func decode_refusesADocumentThatIsNotAKeySet(document: String) {
            #expect(throws: IDTokenError.keySetInvalid) { try JSONWebKeySet.decode(Array(document.utf8)) }
        }

        @Test func decode_refusesMoreThan32Keys() throws {
            #expect(try Self.decode((0..<32).map { Self.rsa("k\($0)") }).count == 32)
            #expect(throws: IDTokenError.keySetInvalid) { try Self.decode((0..<33).map { Self.rsa("k\($0)") }) }
        }

        @Test func decode_refusesADocumentOver64KiB() throws {
            let padding = String(repeating: " ", count: 64 * 1024)
            let document = Array(#"{"keys":[\#(Self.rsa("k1"))]}"#.utf8)
            #expect(try JSONWebKeySet.decode(document + Array(padding.utf8).prefix(64 * 1024 - document.count)).keys.count == 1)
            #expect(throws: IDTokenError.keySetInvalid) { try JSONWebKeySet.decode(document + Array(padding.utf8)) }
        }
    }
}
