import HTTPServer

/// The identity provider's signing keys (JWKS, RFC 7517 §5), fetched on first
/// use and kept. A token naming a key not yet seen fetches the set again, as
/// after a key rotation (OpenID Connect Core §10.1.1), but at most once per
/// `refetchCooldown`, so a flood of tokens with made-up `kid`s cannot turn
/// FrameAuth against the key endpoint; after a failed fetch the endpoint is
/// likewise left alone for that long. The first load does not count, so a
/// rotation just after it is still picked up. Callers that need a fetch at
/// the same time share one.
final class JWKSCache: Sendable {
    private let fetch: @Sendable () async throws -> [UInt8]
    private let refetchCooldown: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let state = Lock(State())

    private struct State {
        var keys: [String: RSAPublicKey] = [:]
        /// When the last refetch for an unknown `kid` started, or the last
        /// fetch failed: no other fetch starts within the cooldown after it.
        var cooldownStart: ContinuousClock.Instant?
        var lastFetchFailed = false
        var inFlight: Task<Result<[String: RSAPublicKey], IDTokenError>, Never>?
    }

    /// What `key(for:)` does once it has looked at the state.
    private enum Step: Sendable {
        case known(RSAPublicKey)
        case join(Task<Result<[String: RSAPublicKey], IDTokenError>, Never>)
        case refused(IDTokenError)
    }

    /// `fetch` returns the body of the key set document; the caller wires it
    /// to its HTTP client, whose time-outs bound how long sign-ins wait on
    /// it, and logs why a fetch failed, which this cache only reports as
    /// `keySetUnavailable`. `now` is injectable for tests.
    init(
        fetch: @escaping @Sendable () async throws -> [UInt8],
        refetchCooldown: Duration = .seconds(10),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.fetch = fetch
        self.refetchCooldown = refetchCooldown
        self.now = now
    }

    /// The key named `kid`. A failed fetch keeps the keys from before it.
    func key(for kid: String) async throws(IDTokenError) -> RSAPublicKey {
        switch step(for: kid) {
        case .known(let key):
            return key
        case .refused(let error):
            throw error
        case .join(let fetching):
            guard let key = try await fetching.value.get()[kid] else { throw .unknownKeyID(kid) }
            return key
        }
    }

    private func step(for kid: String) -> Step {
        let now = now()
        return state.withLock { state in
            if let key = state.keys[kid] { return .known(key) }
            if let inFlight = state.inFlight { return .join(inFlight) }
            if let start = state.cooldownStart, now - start < refetchCooldown {
                return .refused(state.lastFetchFailed ? .keySetUnavailable : .unknownKeyID(kid))
            }
            if !state.keys.isEmpty { state.cooldownStart = now }
            // Started under the lock, so `refresh` cannot finish before
            // `inFlight` names it.
            let fetching = Task { await self.refresh() }
            state.inFlight = fetching
            return .join(fetching)
        }
    }

    private func refresh() async -> Result<[String: RSAPublicKey], IDTokenError> {
        let result: Result<[String: RSAPublicKey], IDTokenError>
        if let document = try? await fetch() {
            result = Result { () throws(IDTokenError) in try Self.publicKeys(in: document) }
        } else {
            result = .failure(.keySetUnavailable)
        }
        let finished = now()
        state.withLock { state in
            state.inFlight = nil
            switch result {
            case .success(let keys):
                state.keys = keys
                state.lastFetchFailed = false
            case .failure:
                state.lastFetchFailed = true
                state.cooldownStart = finished
            }
        }
        return result
    }

    /// The set's RS256 keys by `kid`. A key OpenSSL will not take (a modulus
    /// under 2048 bits, an unusual exponent) is skipped like a key of another
    /// kind; a set left with none is refused.
    private static func publicKeys(in document: [UInt8]) throws(IDTokenError) -> [String: RSAPublicKey] {
        var keys: [String: RSAPublicKey] = [:]
        for key in try JSONWebKeySet.decode(document).keys {
            keys[key.kid] = try? RSAPublicKey(modulus: key.n, exponent: key.e)
        }
        guard !keys.isEmpty else { throw .keySetInvalid }
        return keys
    }
}
