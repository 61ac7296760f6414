@testable import FrameAuth
import Testing

extension OIDCTests {
    @Suite struct IDTokenErrorTests {
        @Test(arguments: ["RS256", "none", "HS256", "2024-01.key_7"])
        func description_showsAShortPlainAlgOrKid(value: String) {
            #expect(IDTokenError.unsupportedAlgorithm(value).description.contains(value))
            #expect(IDTokenError.unknownKeyID(value).description.contains(value))
        }

        /// Anyone can write an alg or kid: one that could forge a log line or
        /// smuggle a secret into the log is not shown.
        @Test(arguments: ["", "RS256\nlevel=info msg=forged", "key 1", "kid\"quote", "eyJhbGciOiJSUzI1NiJ9eyJzdWIiOiJ1c2VyIn0xxxxxx", "clé"])
        func description_hidesAnAlgOrKidThatIsLongOrNotPlain(value: String) {
            for error in [IDTokenError.unsupportedAlgorithm(value), .unknownKeyID(value)] {
                #expect(error.description.contains("(not shown)"))
                #expect(value.isEmpty || !error.description.contains(value))
            }
        }
    }
}
