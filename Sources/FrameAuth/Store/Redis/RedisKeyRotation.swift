import FoundationEssentials
import HTTPServer

/// Changing the encryption key of the store replicas share (CONTRACT §9).
///
/// Every sealed value starts with the id of the key that sealed it
/// (`RedisSealer`), so values can be counted by key (`census`) without
/// opening them; start-up stops when any needs a key the replica lacks.
/// While previous keys are configured, `start` walks Redis again and again
/// and seals each value a previous key sealed with the current key, at most
/// `valuesPerSecond` a second so that requests come first, each with a
/// compare-and-set, so a write that came in between is kept.
///
/// Only a replica whose current key is the newest any replica has used
/// seals values again (`RedisKeys.encryptionKeys`). During a rolling change,
/// replicas not yet restarted keep the old key as current, with the new one
/// among their previous keys (the first step in docs/SCALING.md): they read
/// what new replicas seal, but never seal it back with the old key.
final class RedisKeyRotation: Sendable {
    /// Sealed values by the key that sealed them.
    struct Census: Sendable, Equatable {
        var current = 0
        var previous = 0
        /// Values sealed with keys this replica does not hold, by key id.
        var missing: [KeyID: Int] = [:]

        mutating func count(_ id: KeyID?, in keys: KeyRing) {
            if id == keys.current.id {
                current += 1
            } else if let id, keys.key(withID: id) != nil {
                previous += 1
            } else if let id {
                missing[id, default: 0] += 1
            }
        }
    }

    private let redis: RedisClient
    private let sealer: RedisSealer
    private let valuesPerSecond: Int
    /// Between walks once nothing needs a previous key, and while something
    /// does (replicas not yet restarted may still be sealing with the old key).
    private let interval: Duration
    private let busyInterval: Duration
    /// From the latest census; nil until one has finished.
    private let remaining = Lock<Int?>(nil)
    private let task = Lock<Task<Void, Never>?>(nil)
    /// Keys per SCAN step.
    private static let scanCount = 256

    init(
        redis: RedisClient, sealer: RedisSealer, valuesPerSecond: Int = 1_000,
        interval: Duration = .seconds(60), busyInterval: Duration = .seconds(5)
    ) {
        self.redis = redis
        self.sealer = sealer
        self.valuesPerSecond = valuesPerSecond
        self.interval = interval
        self.busyInterval = busyInterval
    }

    /// Values still sealed with a previous key, as the latest census found;
    /// nil before the first.
    var recordsSealedWithPreviousKeys: Int? { remaining.withLock { $0 } }

    /// Counts every sealed value by the key that sealed it.
    func census() async throws(StoreError) -> Census {
        var census = Census()
        try await walk { _, id throws(StoreError) in census.count(id, in: sealer.keys) }
        note(census)
        return census
    }

    /// Takes `census` (start-up's, or a walk's) as the latest count.
    func note(_ census: Census) {
        remaining.withLock { $0 = census.previous }
    }

    /// Start-up's check, before anything serves: registers the current key
    /// unless values need a key `keys` lacks, and counts the values by key,
    /// on a connection of its own (start-up is synchronous, and must not
    /// wait on the tasks it has not started yet).
    ///
    /// Counting reads every value, about a second per 300,000 keys, so it is
    /// skipped (nil) when the current key is the only one ever registered:
    /// replicas and `--import-journal` register their key before they seal
    /// anything, so then no value needs another key.
    static func checkAtStart(at url: RedisURL, keys: KeyRing, timeouts: RedisTimeouts = RedisTimeouts()) throws(StoreError) -> Census? {
        do throws(RedisError) {
            let connection = try RedisConnection(url, timeouts: timeouts)
            let registered = try connection.call(["ZRANGE", RedisKeys.encryptionKeys, "0", "-1"].map { Array($0.utf8) })
                .throwingErrors().array()
            if try registered.map({ reply throws(RedisError) in try reply.bytesOrNull() }) == [Array(keys.current.id.description.utf8)] {
                return nil
            }
        } catch {
            throw .unavailable(reason: error.description)
        }
        return try census(at: url, keys: keys, timeouts: timeouts)
    }

    /// Registers the current key unless values need a key `keys` lacks, and
    /// counts the values by key, on a connection of its own.
    static func census(at url: RedisURL, keys: KeyRing, timeouts: RedisTimeouts = RedisTimeouts()) throws(StoreError) -> Census {
        do throws(RedisError) {
            let connection = try RedisConnection(url, timeouts: timeouts)
            var census = Census()
            var cursor = "0"
            repeat {
                let step = try connection.call(["EVAL", RedisScripts.sealedValueKeyIDs, "0"].map { Array($0.utf8) }
                                               + stepArguments(cursor: cursor)).throwingErrors()
                let values: [(String, KeyID?)]
                (cursor, values) = try parseStep(step)
                for (_, id) in values { census.count(id, in: keys) }
            } while cursor != "0"
            if census.missing.isEmpty {
                _ = try connection.call(["EVAL", RedisScripts.registerCurrentKey, "1", RedisKeys.encryptionKeys,
                                         keys.current.id.description].map { Array($0.utf8) }).throwingErrors()
            }
            return census
        } catch {
            throw .unavailable(reason: error.description)
        }
    }

    /// Seals again with the current key every value a previous key sealed
    /// (when this replica's key is the newest), then counts again, every
    /// `interval` (`busyInterval` while values still need a previous key)
    /// until `stop`. Failures are logged and tried again.
    func start(log: @escaping @Sendable (String) -> Void) {
        let current = sealer.keys.current.id
        let loop = Task {
            // Each state is logged when it begins, not at every walk.
            var (saidDone, saidNotNewest) = (false, false)
            while !Task.isCancelled {
                var pause = busyInterval
                do {
                    let newest = try await registerCurrentKey()
                    var census = try await self.census()
                    if newest == current, census.previous > 0 {
                        log("session store: \(census.previous) records in Redis are sealed with a previous key; sealing them again "
                            + "with the encryption key (id \(current)), at most \(valuesPerSecond) a second")
                        saidDone = false
                        try await resealPreviouslySealed()
                        census = try await self.census()
                    } else if newest != current, census.previous > 0, !saidNotNewest {
                        saidNotNewest = true
                        log("session store: another replica has a newer encryption key (id \(newest.map(String.init(describing:)) ?? "?")), "
                            + "and seals values again with it; this one does not")
                    }
                    if census.previous == 0 {
                        pause = interval
                        if !saidDone {
                            log("session store: 0 records left sealed with a previous key; FRAMEAUTH_PREVIOUS_ENCRYPTION_KEYS can be removed")
                            saidDone = true
                        }
                    }
                } catch {
                    if Task.isCancelled { break }
                    log("session store: sealing Redis values again with the new key stopped: \(error); trying again in \(pause)")
                }
                try? await Task.sleep(for: pause)
            }
        }
        task.withLock { $0 = loop }
    }

    func stop() {
        task.withLock { $0?.cancel() }
    }

    /// One walk over Redis, sealing again what a previous key sealed.
    func resealPreviouslySealed() async throws(StoreError) {
        let clock = ContinuousClock()
        var sealedThisSecond = 0
        var second = clock.now
        try await walk { key, id throws(StoreError) in
            guard let id, id != sealer.keys.current.id, sealer.keys.key(withID: id) != nil else { return }
            try await reseal(key)
            sealedThisSecond += 1
            if sealedThisSecond >= valuesPerSecond {
                try? await Task.sleep(until: second + .seconds(1))
                (sealedThisSecond, second) = (0, clock.now)
            }
        }
    }

    private func reseal(_ key: String) async throws(StoreError) {
        // A user's record is a field of their hash; sessions and sign-ins in progress are strings.
        let field = key.hasPrefix(RedisKeys.user("")) ? "record" : ""
        let read = field.isEmpty ? try await redis.storeCommand("GET", [key]) : try await redis.storeCommand("HGET", [key, field])
        guard let sealed = try read.bytesOrNullAsStore() else { return }  // deleted meanwhile
        let resealed = try sealer.seal(try sealer.open(sealed, under: key), under: key)
        try await redis.storeEval(RedisScripts.resealIfUnchanged, keys: [key], arguments: [Array(field.utf8), sealed, resealed])
    }

    /// The newest key id any replica has registered, after registering this
    /// one's (when it was not already). Every replica registers at start,
    /// so a key is registered before the one that replaces it.
    private func registerCurrentKey() async throws(StoreError) -> KeyID? {
        let reply = try await redis.storeEval(RedisScripts.registerCurrentKey, keys: [RedisKeys.encryptionKeys],
                                              arguments: [Array(sealer.keys.current.id.description.utf8)])
        return try reply.bytesOrNullAsStore().flatMap { KeyID(hex: String(decoding: $0, as: UTF8.self)) }
    }

    /// Calls `visit` with every sealed value's key name and the id of the key
    /// that sealed it (nil for a value too short to have one). A walk whose
    /// task is cancelled (`stop`, at shutdown) stops before the next value.
    private func walk(_ visit: (String, KeyID?) async throws(StoreError) -> Void) async throws(StoreError) {
        var cursor = "0"
        repeat {
            let step = try await redis.storeEval(RedisScripts.sealedValueKeyIDs, keys: [], arguments: Self.stepArguments(cursor: cursor))
            let values: [(String, KeyID?)]
            do { (cursor, values) = try Self.parseStep(step) } catch { throw .unavailable(reason: error.description) }
            for (key, id) in values {
                if Task.isCancelled { throw .closed(path: "Redis") }
                try await visit(key, id)
            }
        } while cursor != "0"
    }

    private static func stepArguments(cursor: String) -> [[UInt8]] {
        [Array(cursor.utf8), Array(String(scanCount).utf8)]
    }

    /// `RedisScripts.sealedValueKeyIDs`'s reply: the next cursor, and each
    /// value's key name with the id of the key that sealed it.
    private static func parseStep(_ reply: RedisReply) throws(RedisError) -> (cursor: String, values: [(String, KeyID?)]) {
        let step = try reply.array()
        guard let cursor = try step.first?.bytesOrNull() else { throw .unexpectedReply(expected: "a SCAN cursor", kind: "a step without one") }
        var values: [(String, KeyID?)] = []
        var pairs = step.dropFirst()
        while let name = pairs.popFirst(), let prefix = pairs.popFirst() {
            values.append((String(decoding: try name.bytesOrNull() ?? [], as: UTF8.self), KeyID(stored: try prefix.bytesOrNull() ?? [])))
        }
        return (String(decoding: cursor, as: UTF8.self), values)
    }
}
