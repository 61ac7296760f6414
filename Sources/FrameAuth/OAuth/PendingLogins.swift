import FoundationEssentials
import HTTPServer

/// The `state` values handed out by /login, for one instance: each accepted
/// once, only before it expires, and only from the browser it was issued to
/// (RFC 9700 §4.7). Kept in memory only: a sign-in in progress across a
/// restart starts over.
///
/// Two bounds keep /login from growing memory, and the first keeps a flood
/// from one client from cancelling anyone else's sign-in: each client
/// (address, or IPv6 /64) holds at most `perClientCapacity` attempts, its own
/// oldest giving way; and the whole table at most `capacity`, which only a
/// flood from very many addresses reaches. The per-client bound is generous
/// because an office behind one NAT is one client, and so is everyone behind
/// a reverse proxy that is not in `trusted_proxies`.
final class PendingLogins: PendingSignIns {

    let capacity: Int
    let perClientCapacity: Int
    private let table: Lock<Table>

    /// Attempts by the hash of their state, in the order issued, and each
    /// client's keys in that order. Every attempt lives equally long, so
    /// issue order is expiry order and the oldest is always at the front:
    /// pruning is O(1) per login.
    private struct Table {
        var attempts: BoundedTable<StateKey, LoginAttempt>
        var byClient: [ClientBucket: ClientKeys] = [:]

        /// Changes the client's keys in place: a copy taken out of the
        /// dictionary would be copied again at the first change.
        mutating func forget(_ key: StateKey, of client: ClientBucket) {
            byClient[client]?.remove(key)
            if byClient[client]?.isEmpty == true { byClient[client] = nil }
        }

        mutating func dropExpired(now: Date) {
            while let (key, attempt) = attempts.removeOldest(if: { $0.expiresAt <= now }) {
                forget(key, of: attempt.client)
            }
        }

        /// Adds the attempt after making room for it: the client's own
        /// oldest gives way at `perClientCapacity`, and a full table gives
        /// up its oldest, whoever's it is. Every /login from a client at
        /// its bound comes here, so the client's keys are changed where
        /// they lie in `byClient`, hashing the client once.
        mutating func insert(_ attempt: LoginAttempt, for key: StateKey, perClientCapacity: Int) {
            let droppedElsewhere = Self.admit(attempt, for: key, into: &attempts,
                                              clientKeys: &byClient[attempt.client, default: ClientKeys()],
                                              perClientCapacity: perClientCapacity)
            if let droppedElsewhere { forget(droppedElsewhere.key, of: droppedElsewhere.client) }
        }

        /// `insert` on the two parts it changes; returns another client's
        /// attempt that a full table dropped, for the caller to forget.
        private static func admit(_ attempt: LoginAttempt, for key: StateKey, into attempts: inout BoundedTable<StateKey, LoginAttempt>,
                                  clientKeys keys: inout ClientKeys, perClientCapacity: Int) -> (key: StateKey, client: ClientBucket)? {
            while keys.count >= perClientCapacity, let oldest = keys.first {
                attempts.remove(oldest)
                keys.remove(oldest)
            }
            keys.append(key)
            guard let dropped = attempts.insert(attempt, for: key) else { return nil }
            guard dropped.value.client != attempt.client else {
                keys.remove(dropped.key)
                return nil
            }
            return (dropped.key, dropped.value.client)
        }
    }

    init(capacity: Int = SignInLimits.pendingSignIns, perClientCapacity: Int = SignInLimits.pendingSignInsPerClient) {
        self.capacity = capacity
        self.perClientCapacity = perClientCapacity
        table = Lock(Table(attempts: BoundedTable(limit: capacity)))
    }

    /// Registers `attempt` under `state`.
    func register(state: String, attempt: LoginAttempt, now: Date) {
        let key = Self.key(state)
        table.withLock { table in
            table.dropExpired(now: now)
            table.insert(attempt, for: key, perClientCapacity: perClientCapacity)
        }
    }

    /// Takes the attempt for `state` out, whatever the outcome: a state that
    /// was presented once is used up, even by the wrong browser.
    func take(state: String?, browserBinding: BrowserBinding?, now: Date) -> Result<LoginAttempt, StateRejection> {
        guard let state, !state.isEmpty else { return .failure(.missing) }
        // Looked up by its hash, so lookup timing says nothing about stored values.
        let key = Self.key(state)
        let found = table.withLock { table -> LoginAttempt? in
            guard let attempt = table.attempts.remove(key) else { return nil }
            table.forget(key, of: attempt.client)
            return attempt
        }
        guard let attempt = found else { return .failure(.unknown) }
        return attempt.accepted(from: browserBinding, at: now)
    }

    var count: Int { table.withLock { $0.attempts.count } }

    private static func key(_ state: String) -> StateKey {
        StateKey(of: state)
    }
}

/// One client's keys in the order issued. The oldest goes first most often
/// (a client at its limit, every /login), so it leaves by moving `start`,
/// not by shifting every key after it; the array is compacted once the
/// gone keys are half of it.
private struct ClientKeys: Sendable {
    private var keys: [StateKey] = []
    private var start = 0

    var count: Int { keys.count - start }
    var isEmpty: Bool { count == 0 }
    var first: StateKey? { isEmpty ? nil : keys[start] }

    mutating func append(_ key: StateKey) {
        keys.append(key)
    }

    mutating func remove(_ key: StateKey) {
        guard let index = keys[start...].firstIndex(of: key) else { return }
        if index == start {
            start += 1
            if start * 2 > keys.count {
                keys.removeFirst(start)
                start = 0
            }
        } else {
            keys.remove(at: index)
        }
    }
}

/// The SHA-256 of a `state`: attempts are looked up by it, so lookup
/// timing says nothing about stored values.
private typealias StateKey = SHA256Digest
