import Testing
import FrameAuth

@Suite struct PKCETests {
    @Test func challenge_matchesRFC7636AppendixB() throws {
        // RFC 7636 Appendix B; the verifier is base64url of the 32 octets listed there.
        let pkce = try #require(PKCE(verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
        #expect(pkce.challenge == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        #expect(PKCE.challengeMethod == "S256")
    }

    @Test func init_makesFresh43CharacterVerifier_withMatchingChallenge() throws {
        let pkce = PKCE()

        #expect(pkce.verifier.count == 43)
        #expect(pkce != PKCE())
        #expect(PKCE(verifier: pkce.verifier) == pkce)
    }

    @Test(arguments: [
        String(repeating: "a", count: 42),
        String(repeating: "a", count: 129),
        String(repeating: "a", count: 42) + "+",
        String(repeating: "a", count: 42) + "=",
        String(repeating: "a", count: 42) + "é",
    ])
    func initVerifier_refuses_verifierOutsideRFC7636Rules(verifier: String) {
        #expect(PKCE(verifier: verifier) == nil)
    }

    @Test(arguments: [43, 128])
    func initVerifier_accepts_lengthsAtTheBounds(length: Int) {
        #expect(PKCE(verifier: String(repeating: "~", count: length)) != nil)
    }
}
