import FrameAuth
import Testing

extension CryptoTests {
    @Suite struct RSAPrivateKeyTests {
        @Test func generate_makesA2048BitKeyWithExponent65537() {
            #expect(TestRSAKeys.first.modulus.count == 256)
            #expect(TestRSAKeys.first.modulus[0] & 0x80 != 0)
            #expect(TestRSAKeys.first.exponent == [0x01, 0x00, 0x01])
        }

        @Test func generate_makesADifferentKeyEachTime() {
            #expect(TestRSAKeys.first.modulus != TestRSAKeys.second.modulus)
        }

        /// PKCS #1 v1.5 signatures are deterministic (RFC 8017 §8.2.1), unlike PSS.
        @Test func signRS256_givesTheSameModulusLongSignatureForTheSameMessage() throws {
            let message = Array("header.payload".utf8)
            let signature = try TestRSAKeys.first.signRS256(message)
            #expect(signature.count == 256)
            #expect(try TestRSAKeys.first.signRS256(message) == signature)
            #expect(try TestRSAKeys.first.signRS256(message + [0x2E]) != signature)
        }
    }
}
