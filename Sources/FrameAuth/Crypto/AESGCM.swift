import CShim

/// AES-256-GCM authenticated encryption through OpenSSL, for tokens at rest.
///
/// A sealed box is `nonce (12) || ciphertext || tag (16)`. Every seal draws a
/// fresh random nonce; with 96-bit random nonces one key stays within NIST SP
/// 800-38D's 2^-32 collision bound for 2^32 seals.
public struct AESGCM: Sendable {
    public static let keyLength = Int(CSHIM_AES256GCM_KEY_LENGTH)
    /// Bytes a sealed box adds to its plaintext (nonce and tag).
    public static let overhead = Int(CSHIM_AES256GCM_OVERHEAD)

    private let key: [UInt8]

    public init(key: [UInt8]) throws(CryptoError) {
        guard key.count == Self.keyLength else { throw .invalidKeyLength(key.count) }
        self.key = key
    }

    /// Encrypts and authenticates `plaintext`, and authenticates (without
    /// storing) `associatedData`, which must be given again to open the box.
    /// Binding a record's identity here stops one sealed value from being
    /// swapped in for another.
    public func seal(_ plaintext: [UInt8], associatedData: [UInt8] = []) throws(CryptoError) -> [UInt8] {
        let sealed = plaintext.withUnsafeBufferPointer { plaintext in
            associatedData.withUnsafeBufferPointer { associatedData in
                run(cshim_aes256gcm_seal, on: plaintext, associatedData: associatedData, writing: plaintext.count + Self.overhead)
            }
        }
        guard let sealed else { throw .libraryFailure }
        return sealed
    }

    /// As above, into `sealed`, which holds exactly `plaintext.count +
    /// overhead` bytes: a box that is only encoded and sent (the
    /// browser-binding cookie, once per /login) needs no array of its own.
    public func seal(_ plaintext: UnsafeRawBufferPointer, associatedData: [UInt8], into sealed: UnsafeMutableRawBufferPointer) throws(CryptoError) {
        precondition(sealed.count == plaintext.count + Self.overhead, "a sealed box is its plaintext and the overhead")
        let succeeded = key.withUnsafeBufferPointer { key in
            associatedData.withUnsafeBufferPointer { associatedData in
                cshim_aes256gcm_seal(key.baseAddress, associatedData.baseAddress, associatedData.count,
                                     plaintext.baseAddress?.assumingMemoryBound(to: UInt8.self), plaintext.count,
                                     sealed.baseAddress?.assumingMemoryBound(to: UInt8.self)) == 1
            }
        }
        guard succeeded else { throw .libraryFailure }
    }

    /// Verifies and decrypts a box made by `seal` with the same key and
    /// associated data; anything else throws `.authenticationFailed`. Takes
    /// a slice, so a box inside a larger buffer opens without a copy.
    public func open(_ sealed: ArraySlice<UInt8>, associatedData: [UInt8] = []) throws(CryptoError) -> [UInt8] {
        try sealed.withUnsafeBufferPointer { sealed throws(CryptoError) in
            try associatedData.withUnsafeBufferPointer { associatedData throws(CryptoError) in
                try open(sealed, associatedData: associatedData)
            }
        }
    }

    /// As above, for a box and associated data read in place: start-up
    /// opens every entry of a journal from one buffer on two threads, and a
    /// slice per entry would have both count references to that buffer,
    /// one entry at a time.
    func open(_ sealed: UnsafeBufferPointer<UInt8>, associatedData: UnsafeBufferPointer<UInt8>) throws(CryptoError) -> [UInt8] {
        guard sealed.count >= Self.overhead else { throw .malformedSealedBox }
        guard let plaintext = run(cshim_aes256gcm_open, on: sealed, associatedData: associatedData,
                                  writing: sealed.count - Self.overhead) else { throw .authenticationFailed }
        return plaintext
    }

    /// Calls the shim's seal or open (same parameters: key, associated data,
    /// input, output) into a new array of `outputLength` bytes; nil when it fails.
    private func run(
        _ call: (UnsafePointer<UInt8>?, UnsafePointer<UInt8>?, Int, UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<UInt8>?) -> Int32,
        on input: UnsafeBufferPointer<UInt8>, associatedData aad: UnsafeBufferPointer<UInt8>, writing outputLength: Int
    ) -> [UInt8]? {
        var succeeded = false
        // At least 1: for 0 the standard library writes the count into the
        // empty-array storage every array shares, a harmless race that
        // ThreadSanitizer reports. An empty plaintext is still authenticated.
        let output = [UInt8](unsafeUninitializedCapacity: max(outputLength, 1)) { output, initialized in
            succeeded = key.withUnsafeBufferPointer { key in
                call(key.baseAddress, aad.baseAddress, aad.count, input.baseAddress, input.count, output.baseAddress) == 1
            }
            initialized = succeeded ? outputLength : 0
        }
        return succeeded ? output : nil
    }
}
