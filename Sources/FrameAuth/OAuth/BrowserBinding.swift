import FoundationEssentials

/// The value of the cookie that ties a sign-in attempt to the browser that
/// started it (RFC 9700 §4.7.1). The attempt keeps only its SHA-256, so a
/// leaked table of attempts cannot be replayed as cookies.
struct BrowserBinding: Sendable {
    let cookieValue: String

    fileprivate init(cookieValue: String) {
        self.cookieValue = cookieValue
    }

    var digest: SHA256Digest { SHA256Digest(of: cookieValue) }
}

/// Makes browser bindings, and takes back only the ones it made: a value is
/// 16 random bytes and the time it was made, sealed with the encryption key
/// (AES-256-GCM, bound to its purpose). A value set in the browser by anyone
/// else (cookie injection from a sibling site), or too old, is not taken.
/// One sealed with a previous key is still taken, so a sign-in begun just
/// before the key changed can finish.
struct BrowserBindings: Sendable {
    private let keys: KeyRing
    private let now: @Sendable () -> Date
    private static let purpose = Array("frameauth-browser-binding-v1".utf8)

    init(keys: KeyRing, now: @escaping @Sendable () -> Date) {
        self.keys = keys
        self.now = now
    }

    init(key: [UInt8], now: @escaping @Sendable () -> Date) throws(CryptoError) {
        self.init(keys: try KeyRing(current: key), now: now)
    }

    /// A new binding from 16 bytes the caller drew from `SecureRandom`,
    /// made at `now`: the time the caller's sign-in begins, read once for
    /// the attempt and its binding.
    func mint(randomBytes: ArraySlice<UInt8>, at now: Date) -> BrowserBinding {
        precondition(randomBytes.count == 16, "a browser binding takes 16 random bytes")
        let madeAt = UInt64(max(0, now.timeIntervalSince1970.clampedWholeSeconds))
        let plaintextLength = randomBytes.count + MemoryLayout<UInt64>.size
        // Taken out before the closure, which would otherwise capture a copy
        // of the whole key ring (a reference count on each of its parts).
        let cipher = keys.current.cipher
        // The plaintext and the box are on the stack: of a binding, only
        // the cookie's text is kept, and /login mints one each time.
        return withUnsafeTemporaryAllocation(byteCount: 2 * plaintextLength + AESGCM.overhead, alignment: 1) { buffer in
            let plaintext = UnsafeMutableRawBufferPointer(rebasing: buffer[..<plaintextLength])
            let sealed = UnsafeMutableRawBufferPointer(rebasing: buffer[plaintextLength...])
            randomBytes.withUnsafeBytes { plaintext.copyMemory(from: $0) }
            plaintext.storeBytes(of: madeAt.bigEndian, toByteOffset: randomBytes.count, as: UInt64.self)
            // Sealing fails only when OpenSSL itself is broken; no binding could be trusted then.
            do {
                try cipher.seal(UnsafeRawBufferPointer(plaintext), associatedData: Self.purpose, into: sealed)
            } catch {
                fatalError("OpenSSL could not seal a browser binding")
            }
            return BrowserBinding(cookieValue: Base64URL.encode(UnsafeRawBufferPointer(sealed)))
        }
    }

    /// A binding /login may reuse for a new attempt (so two tabs can sign in
    /// at once): made here within a sign-in's lifetime.
    func reusable(_ cookieValue: String) -> BrowserBinding? {
        recognise(cookieValue, madeWithin: SignInLimits.stateLifetime.seconds)
    }

    /// A binding a callback may present: made here no longer ago than the
    /// newest attempt reusing it can last.
    func presented(_ cookieValue: String) -> BrowserBinding? {
        recognise(cookieValue, madeWithin: 2 * SignInLimits.stateLifetime.seconds)
    }

    private func recognise(_ cookieValue: String, madeWithin lifetime: TimeInterval) -> BrowserBinding? {
        guard cookieValue.utf8.count <= 128, let sealed = Base64URL.decode(cookieValue.utf8),
              let plaintext = keys.all.lazy.compactMap({ try? $0.cipher.open(sealed[...], associatedData: Self.purpose) }).first,
              plaintext.count == 24 else { return nil }
        let madeAt = plaintext[16...].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let age = now().timeIntervalSince1970 - Double(madeAt)
        guard (0..<lifetime).contains(age) else { return nil }
        return BrowserBinding(cookieValue: cookieValue)
    }
}
