import Testing
import FrameAuth

@Suite struct AESGCMTests {
    static let key = SecureRandom.bytes(count: 32)
    static let plaintext = Array("refresh-token-value".utf8)

    @Test(arguments: [0, 1, 19, 5000])
    func open_returnsPlaintext_sealedWithTheSameKey(length: Int) throws {
        let plaintext = SecureRandom.bytes(count: length)
        let aes = try AESGCM(key: Self.key)
        let sealed = try aes.seal(plaintext)

        #expect(sealed.count == plaintext.count + AESGCM.overhead)
        #expect(try aes.open(sealed[...]) == plaintext)
    }

    /// Sealed into a buffer (as /login seals the browser binding on the
    /// stack), a box opens as one sealed into an array does, with the same
    /// associated data only.
    @Test(arguments: [0, 24, 5000])
    func sealIntoABuffer_opensWithTheSameKeyAndAssociatedData(length: Int) throws {
        let plaintext = SecureRandom.bytes(count: length)
        let purpose = Array("purpose".utf8)
        let aes = try AESGCM(key: Self.key)
        var sealed = [UInt8](repeating: 0, count: length + AESGCM.overhead)
        try plaintext.withUnsafeBytes { plaintext in
            try sealed.withUnsafeMutableBytes { try aes.seal(plaintext, associatedData: purpose, into: $0) }
        }

        #expect(try aes.open(sealed[...], associatedData: purpose) == plaintext)
        #expect(throws: CryptoError.authenticationFailed) { try aes.open(sealed[...]) }
    }

    @Test func seal_usesFreshNonce_soEqualPlaintextsSealDifferently() throws {
        let aes = try AESGCM(key: Self.key)
        let first = try aes.seal(Self.plaintext)
        let second = try aes.seal(Self.plaintext)

        #expect(first != second)
        #expect(first.prefix(12) != second.prefix(12))
        // The second was sealed on the thread's context kept from the first.
        #expect(try aes.open(first[...]) == Self.plaintext)
        #expect(try aes.open(second[...]) == Self.plaintext)
    }

    @Test(arguments: [0, 12, 20, 12 + 19 + 15])
    func open_throwsAuthenticationFailed_whenAnyByteIsAltered(index: Int) throws {
        let aes = try AESGCM(key: Self.key)
        var sealed = try aes.seal(Self.plaintext)
        sealed[index] ^= 0x01

        #expect(throws: CryptoError.authenticationFailed) { try aes.open(sealed[...]) }
    }

    @Test func open_throwsAuthenticationFailed_withWrongKey() throws {
        let sealed = try AESGCM(key: Self.key).seal(Self.plaintext)
        let other = try AESGCM(key: SecureRandom.bytes(count: 32))

        #expect(throws: CryptoError.authenticationFailed) { try other.open(sealed[...]) }
    }

    /// Sealing and opening each keep a keyed context per thread: one box
    /// after another, sealed and opened under alternating keys, with
    /// failures between, must each open (or fail) exactly as a fresh
    /// context would.
    @Test func boxesOpenInAnyOrder_ofKeys_andAfterFailures() throws {
        let first = try AESGCM(key: Self.key)
        let second = try AESGCM(key: SecureRandom.bytes(count: 32))
        let boxes = try (0..<3).map { index in
            (try first.seal(Array("first \(index)".utf8), associatedData: [UInt8(index)]),
             try second.seal(Array("second \(index)".utf8), associatedData: [UInt8(index)]))
        }
        for (index, (underFirst, underSecond)) in boxes.enumerated() {
            let associatedData = [UInt8(index)]
            #expect(throws: CryptoError.authenticationFailed) { try second.open(underFirst[...], associatedData: associatedData) }
            #expect(try first.open(underFirst[...], associatedData: associatedData) == Array("first \(index)".utf8))
            #expect(throws: CryptoError.authenticationFailed) { try first.open(underFirst[...], associatedData: []) }
            #expect(try second.open(underSecond[...], associatedData: associatedData) == Array("second \(index)".utf8))
            #expect(try first.open(underFirst[...], associatedData: associatedData) == Array("first \(index)".utf8))
        }
    }

    @Test func open_throwsAuthenticationFailed_whenAssociatedDataDiffers() throws {
        let aes = try AESGCM(key: Self.key)
        let sealed = try aes.seal(Self.plaintext, associatedData: Array("user-1".utf8))

        #expect(try aes.open(sealed[...], associatedData: Array("user-1".utf8)) == Self.plaintext)
        #expect(throws: CryptoError.authenticationFailed) { try aes.open(sealed[...], associatedData: Array("user-2".utf8)) }
    }

    @Test func open_throwsMalformed_whenShorterThanNonceAndTag() throws {
        let aes = try AESGCM(key: Self.key)
        #expect(throws: CryptoError.malformedSealedBox) { try aes.open(ArraySlice(repeating: 0, count: 27)) }
    }

    @Test(arguments: [0, 16, 31, 33])
    func init_throwsInvalidKeyLength_unlessKeyIs32Bytes(length: Int) {
        #expect(throws: CryptoError.invalidKeyLength(length)) { try AESGCM(key: Array(repeating: 1, count: length)) }
    }
}
