import Foundation
@testable import FrameAuth
import Testing

extension OIDCTests {
    @Suite struct IDTokenClaimsTests {
        /// A payload of the required claims, each as JSON text; `changes`
        /// replaces members, and a nil value leaves one out.
        static func payload(_ changes: [String: String?] = [:]) -> [UInt8] {
            var members: [String: String] = ["iss": #""i""#, "sub": #""s""#, "aud": #""a""#, "exp": "2000", "iat": "1000"]
            for (name, value) in changes { members[name] = value }
            return Array(("{" + members.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}").utf8)
        }

        @Test func decode_readsEveryClaim_andAStringAudienceAsAListOfOne() throws {
            let claims = try IDTokenClaims.decode(Self.payload(["nonce": #""n""#, "azp": #""a""#, "email": #""x@example.com""#]))
            #expect(claims == IDTokenClaims(
                iss: "i", sub: "s", aud: ["a"], exp: Date(timeIntervalSince1970: 2000), iat: Date(timeIntervalSince1970: 1000),
                nonce: "n", azp: "a"))
        }

        @Test func decode_readsAnAudienceArray_andFractionalNumericDates() throws {
            let claims = try IDTokenClaims.decode(Self.payload(["aud": #"["a","b"]"#, "exp": "2000.75", "iat": "1.5e3"]))
            #expect(claims.aud == ["a", "b"])
            #expect(claims.exp == Date(timeIntervalSince1970: 2000.75))
            #expect(claims.iat == Date(timeIntervalSince1970: 1500))
            #expect(claims.nonce == nil && claims.azp == nil)
        }

        @Test(arguments: [
            ("exp", #""2000""#), ("exp", "true"), ("exp", "1e999"), ("iat", "[1000]"), ("iss", "1"), ("sub", "42"),
            ("sub", #"{"id":"s"}"#), ("aud", "7"), ("aud", #"["a",7]"#), ("aud", #"{"a":1}"#), ("nonce", "1"), ("azp", #"["a"]"#),
        ])
        func decode_refusesAClaimOfTheWrongType(claim: String, json: String) {
            #expect(throws: IDTokenError.malformedClaims) { try IDTokenClaims.decode(Self.payload([claim: json])) }
        }

        @Test(arguments: ["iss", "sub", "aud", "exp", "iat"])
        func decode_refusesAMissingOrNullRequiredClaim(claim: String) {
            #expect(throws: IDTokenError.missingClaim(claim)) { try IDTokenClaims.decode(Self.payload([claim: nil])) }
            #expect(throws: IDTokenError.missingClaim(claim)) { try IDTokenClaims.decode(Self.payload([claim: "null"])) }
        }

        /// RFC 7519 §4: JSONDecoder alone would read the first `aud` and ignore the second.
        @Test(arguments: [
            #"{"iss":"i","sub":"s","aud":"a","aud":"evil","exp":2000,"iat":1000}"#,
            #"{"iss":"i","sub":"s","aud":"a","exp":2000,"iat":1000,"\u0061ud":"evil"}"#,
        ])
        func decode_refusesAClaimNamedTwice(json: String) {
            #expect(throws: IDTokenError.malformedClaims) { try IDTokenClaims.decode(Array(json.utf8)) }
        }

        @Test(arguments: ["", "[]", "null", #""claims""#, "{", #"{"iss":"i"} {}"#])
        func decode_refusesAPayloadThatIsNotAJSONObject(json: String) {
            #expect(throws: IDTokenError.malformedClaims) { try IDTokenClaims.decode(Array(json.utf8)) }
        }
    }
}
