import Foundation
import Synchronization

/// A sign-in that went to Frame.io and has not come back yet.
struct LoginAttempt: Sendable {
    /// SHA-256 of the browser-binding cookie's value.
    let browserBinding: [UInt8]
    let pkceVerifier: String?
    let returnTo: String
    let expiresAt: Date
}

/// Why a callback's `state` was refused; for the log, never shown with the value.
enum StateRejection: String, Error, Sendable {
    case missing = "no state parameter"
    case unknown = "unknown state"
    case expired = "expired state"
    case foreignBrowser = "state issued to another browser"
}

/// The `state` values handed out by /login: each accepted once, only before
/// it expires, and only from the browser it was issued to (RFC 9700 §4.7).
/// Kept in memory only: a sign-in in progress across a restart starts over.
final class PendingLogins: Sendable {
    static let lifetime: TimeInterval = 600
    /// Beyond this many open attempts the oldest are dropped, so /login
    /// cannot be used to grow memory without bound.
    let capacity: Int
    private let table = Mutex(Table())

    /// Attempts by the hash of their state, and their keys in the order they
    /// were issued. Every attempt lives equally long, so issue order is expiry
    /// order and the oldest is always at the front: pruning is O(1) per login.
    private struct Table {
        var attempts: [StateKey: LoginAttempt] = [:]
        var issued: [StateKey] = []
        var oldest = 0

        mutating func dropOldest() {
            attempts[issued[oldest]] = nil
            oldest += 1
            if oldest > 1024 && oldest * 2 > issued.count {
                issued.removeFirst(oldest)
                oldest = 0
            }
        }

        /// Keys of attempts already taken stay in `issued` until they reach the front.
        mutating func prune(now: Date, capacity: Int) {
            while oldest < issued.count {
                let key = issued[oldest]
                guard let attempt = attempts[key] else { dropOldest(); continue }
                guard attempt.expiresAt <= now || attempts.count >= capacity else { return }
                dropOldest()
            }
        }
    }

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// Registers `attempt` under `state`.
    func register(state: String, attempt: LoginAttempt, now: Date) {
        let key = Self.key(state)
        table.withLock { table in
            table.prune(now: now, capacity: capacity)
            table.attempts[key] = attempt
            table.issued.append(key)
        }
    }

    /// Takes the attempt for `state` out, whatever the outcome: a state that
    /// was presented once is used up, even by the wrong browser.
    func take(state: String?, browserBinding: String?, now: Date) -> Result<LoginAttempt, StateRejection> {
        guard let state, !state.isEmpty else { return .failure(.missing) }
        // Looked up by its hash, so lookup timing says nothing about stored values.
        guard let attempt = table.withLock({ $0.attempts.removeValue(forKey: Self.key(state)) }) else { return .failure(.unknown) }
        guard attempt.expiresAt > now else { return .failure(.expired) }
        guard let browserBinding,
              constantTimeEquals(SHA256.digest(Array(browserBinding.utf8)), attempt.browserBinding) else {
            return .failure(.foreignBrowser)
        }
        return .success(attempt)
    }

    var count: Int { table.withLock { $0.attempts.count } }

    private static func key(_ state: String) -> StateKey {
        StateKey(SHA256.digest(Array(state.utf8)))
    }
}

/// A state's SHA-256 as four words: hashes and compares in a few
/// instructions, where an array of bytes is hashed byte by byte.
private struct StateKey: Hashable, Sendable {
    let a, b, c, d: UInt64

    init(_ digest: [UInt8]) {
        (a, b, c, d) = digest.withUnsafeBytes { raw in
            (raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
             raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        }
    }
}
