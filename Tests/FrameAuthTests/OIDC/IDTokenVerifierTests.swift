import Foundation
@testable import FrameAuth
import Testing

extension OIDCTests {
    @Suite struct IDTokenVerifierTests {
        @Test func verify_returnsTheSubject_ofAGoodToken() async throws {
            let harness = try VerifierHarness()
            let verified = try await harness.verify(try IDTokens.make())
            #expect(verified == VerifiedIDToken(subject: IDTokens.subject))
        }

        @Test(arguments: [0, 7, 255 * 8 + 7])
        func verify_refusesASignatureWithOneBitFlipped(bit: Int) async throws {
            let harness = try VerifierHarness()
            let parts = try IDTokens.make().split(separator: ".")
            var signature = try #require(Base64URL.decode(parts[2].utf8))
            signature[bit / 8] ^= 1 << UInt8(bit % 8)
            await harness.expectRefusal("\(parts[0]).\(parts[1]).\(Base64URL.encode(signature))", .badSignature)
        }

        @Test func verify_refusesATokenSignedByAnotherKeyUnderAKnownKid() async throws {
            let harness = try VerifierHarness()
            await harness.expectRefusal(try IDTokens.make(signer: TestRSAKeys.second), .badSignature)
        }

        @Test func verify_refusesAlgNone_withAnEmptySignature_beforeAnyKeyFetch() async throws {
            let harness = try VerifierHarness()
            let unsigned = Base64URL.encode(try IDTokens.json(IDTokens.header(alg: "none")))
                + "." + Base64URL.encode(try IDTokens.json(IDTokens.claims())) + "."
            await harness.expectRefusal(unsigned, .unsupportedAlgorithm("none"))
            #expect(harness.endpoint.fetches == 0)
        }

        /// An HS256 token would be checked against a shared secret, such as the
        /// client secret; refused before any key is fetched, it never reaches a
        /// signature check at all.
        @Test(arguments: ["HS256", "HS512", "RS384", "RS512", "PS256", "ES256", "EdDSA", "rs256", "RS256 ", ""])
        func verify_refusesEveryAlgButRS256_beforeAnyKeyFetch(alg: String) async throws {
            let harness = try VerifierHarness()
            let token = try IDTokens.make(header: IDTokens.header(alg: alg))
            await harness.expectRefusal(token, .unsupportedAlgorithm(alg))
            #expect(harness.endpoint.fetches == 0)
        }

        @Test func verify_refusesATokenWithoutKid_beforeAnyKeyFetch() async throws {
            let harness = try VerifierHarness()
            await harness.expectRefusal(try IDTokens.make(header: IDTokens.header(kid: nil)), .missingKeyID)
            #expect(harness.endpoint.fetches == 0)
        }

        @Test func verify_refusesAnotherIssuer() async throws {
            let harness = try VerifierHarness()
            await harness.expectRefusal(try IDTokens.make(claims: IDTokens.claims(["iss": "https://ims-na1.adobelogin.com/"])), .wrongIssuer)
            await harness.expectRefusal(try IDTokens.make(claims: IDTokens.claims(["iss": "https://evil.example"])), .wrongIssuer)
        }

        /// Swift's `==` on strings says a composed "é" equals "e" + U+0301; the
        /// issuer must match byte for byte.
        @Test func verify_comparesTheIssuerAsBytes_notAsCanonicallyEquivalentText() async throws {
            let harness = try VerifierHarness(issuer: "https://idp.example/caf\u{E9}")
            let token = try IDTokens.make(claims: IDTokens.claims(["iss": "https://idp.example/cafe\u{301}"]))
            #expect("https://idp.example/caf\u{E9}" == "https://idp.example/cafe\u{301}")
            await harness.expectRefusal(token, .wrongIssuer)
        }

        @Test(arguments: [["another-client"], [], ["frameauth-web-2", "FRAMEAUTH-WEB"]] as [[String]])
        func verify_refusesAnAudienceWithoutTheClientID(aud: [String]) async throws {
            let harness = try VerifierHarness()
            await harness.expectRefusal(try IDTokens.make(claims: IDTokens.claims(["aud": aud])), .wrongAudience)
        }

        @Test func verify_acceptsTheClientIDAmongSeveralAudiences() async throws {
            let harness = try VerifierHarness()
            let token = try IDTokens.make(claims: IDTokens.claims(["aud": ["other-api", IDTokens.clientID]]))
            #expect(try await harness.verify(token).subject == IDTokens.subject)
        }

        @Test func verify_refusesSeveralAudiences_whenAzpNamesAnotherClient() async throws {
            let harness = try VerifierHarness()
            let token = try IDTokens.make(claims: IDTokens.claims(["aud": ["other-api", IDTokens.clientID], "azp": "other-api"]))
            await harness.expectRefusal(token, .wrongAuthorizedParty)
        }

        @Test func verify_refusesATokenExpiredBeyondTheLeeway() async throws {
            let harness = try VerifierHarness()
            await harness.expectRefusal(try IDTokens.make(claims: IDTokens.claims(["exp": IDTokens.seconds - 61])), .expired)
            await harness.expectRefusal(try IDTokens.make(claims: IDTokens.claims(["exp": IDTokens.seconds - 60])), .expired)
        }

        @Test func verify_acceptsATokenExpiredWithinTheLeeway() async throws {
            let harness = try VerifierHarness()
            let token = try IDTokens.make(claims: IDTokens.claims(["exp": Double(IDTokens.seconds) - 59.5]))
            #expect(try await harness.verify(token).subject == IDTokens.subject)
        }

        @Test func verify_refusesATokenIssuedInTheFutureBeyondTheLeeway() async throws {
            let harness = try VerifierHarness()
            await harness.expectRefusal(try IDTokens.make(claims: IDTokens.claims(["iat": IDTokens.seconds + 61])), .issuedInTheFuture)
            let withinLeeway = try IDTokens.make(claims: IDTokens.claims(["iat": IDTokens.seconds + 60]))
            #expect(try await harness.verify(withinLeeway).subject == IDTokens.subject)
        }

        @Test(arguments: ["mN0nce-7Qx2LkP9vW4zR8tY1uI6oA3sD5fH", "", "mN0nce-7Qx2LkP9vW4zR8tY1uI6oA3sD5fG "])
        func verify_refusesAnotherNonce(nonce: String) async throws {
            let harness = try VerifierHarness()
            await harness.expectRefusal(try IDTokens.make(claims: IDTokens.claims(["nonce": nonce])), .nonceMismatch)
        }

        @Test func verify_refusesATokenWithoutNonce_whenOneWasSent() async throws {
            let harness = try VerifierHarness()
            await harness.expectRefusal(try IDTokens.make(claims: IDTokens.claims(["nonce": nil])), .missingClaim("nonce"))
        }

        @Test func verify_acceptsATokenWithoutNonce_whenNoneWasSent() async throws {
            let harness = try VerifierHarness()
            let token = try IDTokens.make(claims: IDTokens.claims(["nonce": nil]))
            #expect(try await harness.verify(token, nonce: nil).subject == IDTokens.subject)
        }

        @Test(arguments: ["", String(repeating: "s", count: 256)])
        func verify_refusesAnEmptyOrOverlongSubject(sub: String) async throws {
            let harness = try VerifierHarness()
            await harness.expectRefusal(try IDTokens.make(claims: IDTokens.claims(["sub": sub])), .invalidSubject)
        }

        @Test(arguments: ["iss", "sub", "aud", "exp", "iat"])
        func verify_refusesATokenWithoutARequiredClaim(claim: String) async throws {
            let harness = try VerifierHarness()
            await harness.expectRefusal(try IDTokens.make(claims: IDTokens.claims([claim: nil])), .missingClaim(claim))
        }

        @Test func verify_refusesAClaimOfTheWrongType() async throws {
            let harness = try VerifierHarness()
            await harness.expectRefusal(try IDTokens.make(claims: IDTokens.claims(["exp": "\(IDTokens.seconds + 3600)"])), .malformedClaims)
        }

        /// A key set rotated since the last fetch: the new kid fetches once more.
        @Test func verify_acceptsATokenFromARotatedKey_afterOneRefetch() async throws {
            let harness = try VerifierHarness()
            _ = try await harness.verify(try IDTokens.make())
            harness.endpoint.serve(try IDTokens.jwks([("key-2", TestRSAKeys.second)]))
            harness.clock.advance(by: .seconds(11))

            let rotated = try IDTokens.make(header: IDTokens.header(kid: "key-2"), signer: TestRSAKeys.second)
            #expect(try await harness.verify(rotated).subject == IDTokens.subject)
            #expect(harness.endpoint.fetches == 2)
        }

        @Test func verify_fetchesTheKeySetOncePerKeySet_notPerSignIn() async throws {
            let harness = try VerifierHarness()
            for _ in 0..<50 {
                _ = try await harness.verify(try IDTokens.make())
                harness.clock.advance(by: .seconds(30))
            }
            #expect(harness.endpoint.fetches == 1)
        }

        @Test func verify_refusesEveryTokenWhileTheKeySetIsUnavailable() async throws {
            let harness = try VerifierHarness()
            harness.endpoint.serve(nil)
            await harness.expectRefusal(try IDTokens.make(), .keySetUnavailable)
        }

        /// IMS may publish keys of several kinds; only the RS256 ones are used.
        @Test func verify_usesTheRS256KeyOfAKeySetWithMixedKinds() async throws {
            let harness = try VerifierHarness()
            let ecKey: [String: Any] = ["kty": "EC", "crv": "P-256", "kid": "ec-1", "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
                                        "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"]
            var encryptionKey = IDTokens.jwk(kid: "enc-1", key: TestRSAKeys.second)
            encryptionKey["use"] = "enc"
            harness.endpoint.serve(try IDTokens.jwks([("key-1", TestRSAKeys.first)], others: [ecKey, encryptionKey, "not a key"]))

            #expect(try await harness.verify(try IDTokens.make()).subject == IDTokens.subject)
            harness.clock.advance(by: .seconds(11))
            let underEncryptionKey = try IDTokens.make(header: IDTokens.header(kid: "enc-1"), signer: TestRSAKeys.second)
            await harness.expectRefusal(underEncryptionKey, .unknownKeyID("enc-1"))
        }
    }
}
