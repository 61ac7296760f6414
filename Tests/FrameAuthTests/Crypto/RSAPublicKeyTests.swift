import FrameAuth
import Testing

extension CryptoTests {
    @Suite struct RSAPublicKeyTests {
        static let message = Array("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0".utf8)

        @Test func isValidRS256Signature_acceptsTheKeysOwnSignature() throws {
            let signature = try TestRSAKeys.first.signRS256(Self.message)
            #expect(try TestRSAKeys.first.publicKey().isValidRS256Signature(signature, over: Self.message))
        }

        /// RFC 7515 Appendix A.2: the published RS256 example, signed elsewhere,
        /// with the key of RFC 7515 Appendix A.2.1. Proves the padding and digest
        /// are the ones every other implementation uses.
        @Test func isValidRS256Signature_acceptsRFC7515ExampleA2() throws {
            let key = try RSAPublicKey(modulus: #require(Base64URL.decode(RFC7515ExampleA2.modulus.utf8)), exponent: [1, 0, 1])
            let signature = try #require(Base64URL.decode(RFC7515ExampleA2.signature.utf8))
            #expect(key.isValidRS256Signature(signature, over: Array(RFC7515ExampleA2.signingInput.utf8)))
            #expect(!key.isValidRS256Signature(signature, over: Array((RFC7515ExampleA2.signingInput + "x").utf8)))
        }

        @Test(arguments: [0, 100, 255])
        func isValidRS256Signature_refusesASignatureWithOneBitFlipped(index: Int) throws {
            var signature = try TestRSAKeys.first.signRS256(Self.message)
            signature[index] ^= 0x01
            #expect(try !TestRSAKeys.first.publicKey().isValidRS256Signature(signature, over: Self.message))
        }

        @Test func isValidRS256Signature_refusesAnAlteredMessage() throws {
            let signature = try TestRSAKeys.first.signRS256(Self.message)
            var altered = Self.message
            altered[altered.count - 1] ^= 0x01
            #expect(try !TestRSAKeys.first.publicKey().isValidRS256Signature(signature, over: altered))
        }

        @Test func isValidRS256Signature_refusesAnotherKeysSignature() throws {
            let signature = try TestRSAKeys.second.signRS256(Self.message)
            #expect(try !TestRSAKeys.first.publicKey().isValidRS256Signature(signature, over: Self.message))
        }

        @Test(arguments: [0, 1, 255, 257])
        func isValidRS256Signature_refusesASignatureOfTheWrongLength(length: Int) throws {
            let signature = Array(try TestRSAKeys.first.signRS256(Self.message).prefix(length))
                + Array(repeating: 0, count: max(0, length - 256))
            #expect(try !TestRSAKeys.first.publicKey().isValidRS256Signature(signature, over: Self.message))
        }

        @Test(arguments: [512, 1024, 2047, 8193])
        func init_refusesAModulusOutside2048To8192Bits(bits: Int) {
            // A top byte of 0x01...0x80 sets the size; the value need not be a real key.
            let modulus = [UInt8(1) << UInt8((bits - 1) % 8)] + Array(repeating: 0xFF, count: (bits - 1) / 8)
            #expect(throws: CryptoError.unsupportedRSAModulus(bits: bits)) {
                try RSAPublicKey(modulus: modulus, exponent: [1, 0, 1])
            }
        }

        @Test func init_ignoresLeadingZeroBytesOfTheModulusAndExponent() throws {
            let key = try RSAPublicKey(modulus: [0, 0] + TestRSAKeys.first.modulus, exponent: [0] + TestRSAKeys.first.exponent)
            #expect(key.isValidRS256Signature(try TestRSAKeys.first.signRS256(Self.message), over: Self.message))
        }

        @Test(arguments: [[1], [3], [0x01, 0x00, 0x00], [0xFF, 0xFF], [], Array(repeating: 0xFF, count: 33)] as [[UInt8]])
        func init_refusesAnExponentThatIsEvenOrOutside2To16And2To256(exponent: [UInt8]) {
            #expect(throws: CryptoError.unsupportedRSAExponent) {
                try RSAPublicKey(modulus: TestRSAKeys.first.modulus, exponent: exponent)
            }
        }
    }
}

/// RFC 7515 Appendix A.2, "Example JWS Using RSASSA-PKCS1-v1_5 SHA-256".
enum RFC7515ExampleA2 {
    static let signingInput = "eyJhbGciOiJSUzI1NiJ9"
        + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    static let modulus = "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ"
    static let signature = "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw"
}
