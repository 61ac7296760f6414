import Testing
@testable import FrameAuth

/// Digests made in place (`SHA256Digest(of:)`) must be the digests
/// `SHA256.digest` makes, for every shape of text the request path hands in.
@Suite struct SHA256DigestTests {
    @Test func digestOfText_isTheFIPS180Digest() {
        let abc = SHA256Digest(of: "abc")
        #expect(Hex.encode(abc.bytes) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256Digest(of: "") == SHA256Digest(bytes: SHA256.digest([])))
    }

    /// Short text is stored inside the string, longer text on the heap; a
    /// bearer token arrives as a slice of its header.
    @Test(arguments: ["key", "frameauth-bench-api-key-0123456789", String(repeating: "é", count: 300)])
    func digestOfText_andOfASliceOfIt_matchTheArrayDigest(text: String) {
        #expect(SHA256Digest(of: text) == SHA256Digest(bytes: SHA256.digest(Array(text.utf8))))
        let header = "Bearer " + text
        let slice = header.dropFirst(7)
        #expect(SHA256Digest(of: slice) == SHA256Digest(of: text))
    }

    @Test func equalsInConstantTime_onlyForTheSameDigest() {
        let key = SHA256Digest(of: "integrator-key-1")
        #expect(key.equalsInConstantTime(SHA256Digest(of: "integrator-key-1")))
        #expect(!key.equalsInConstantTime(SHA256Digest(of: "integrator-key-2")))
        var lastByteChanged = key.bytes
        lastByteChanged[31] ^= 0x01
        #expect(!key.equalsInConstantTime(SHA256Digest(bytes: lastByteChanged)))
    }

    /// The journal reads a session's digest as a slice of its entry, which
    /// does not start at index 0.
    @Test func digestFromASliceInsideLargerBytes_isTheSameDigest() {
        let digest = SHA256Digest(of: "cookie")
        let entry = [0xAA, 0xBB] + digest.bytes + [0xCC]

        #expect(SHA256Digest(bytes: entry[2..<34]) == digest)
        #expect(SHA256Digest(bytes: entry[1..<33]) != digest)
    }
}
