/// A dictionary that keeps at most `limit` entries and remembers the order
/// they came in, so the oldest is found and dropped in amortized O(1): the
/// tables that unauthenticated requests fill (sign-ins in progress, the
/// demo's codes and tokens) stay bounded however many requests come.
/// Each key is inserted once: they are random tokens, or their hashes.
struct BoundedTable<Key: Hashable, Value> {
    private var entries: [Key: Value] = [:]
    /// Keys in insertion order from `start`. A key removed out of order
    /// stays listed until it reaches the front or the list is compacted.
    private var order: [Key] = []
    private var start = 0
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    subscript(key: Key) -> Value? {
        entries[key]
    }

    var count: Int { entries.count }

    /// Changes an entry in place; nothing when there is none.
    mutating func update(_ key: Key, _ change: (inout Value) -> Void) {
        guard var value = entries[key] else { return }
        change(&value)
        entries[key] = value
    }

    /// Inserts `value`, dropping the oldest entry first when the table is
    /// full; returns the entry dropped.
    @discardableResult
    mutating func insert(_ value: Value, for key: Key) -> (key: Key, value: Value)? {
        let dropped = entries.count >= limit ? removeOldest() : nil
        entries[key] = value
        order.append(key)
        compactIfMostlyRemoved()
        return dropped
    }

    /// An entry that leaves by key from the front of the list (a client at
    /// its bound giving up its oldest sign-in, every /login of a flood)
    /// leaves the list too, so no later search for the oldest looks it up.
    @discardableResult
    mutating func remove(_ key: Key) -> Value? {
        guard let value = entries.removeValue(forKey: key) else { return nil }
        if start < order.count && order[start] == key {
            start += 1
            giveBackConsumedFront()
        }
        return value
    }

    @discardableResult
    mutating func removeOldest() -> (key: Key, value: Value)? {
        removeOldest(if: { _ in true })
    }

    /// Removes the oldest entry if `isDue` holds for it, and returns it; nil
    /// when the table is empty or the oldest stays. `isDue` reads the entry
    /// where it lies, and the removal reuses the lookup that found it.
    mutating func removeOldest(if isDue: (Value) -> Bool) -> (key: Key, value: Value)? {
        guard let index = oldestIndex(), isDue(entries.values[index]) else { return nil }
        start += 1
        return entries.remove(at: index)
    }

    /// Where the oldest entry lies, `order[start]` then being its key. Keys
    /// removed out of order are skipped here, for good.
    private mutating func oldestIndex() -> Dictionary<Key, Value>.Index? {
        defer { giveBackConsumedFront() }
        while start < order.count {
            if let index = entries.index(forKey: order[start]) { return index }
            start += 1
        }
        return nil
    }

    /// The consumed front of the list is given back once it is most of it.
    private mutating func giveBackConsumedFront() {
        if start > 1024 && start * 2 > order.count {
            order.removeFirst(start)
            start = 0
        }
    }

    /// Keeps only the live keys once removed ones outnumber them, so the
    /// list stays within about twice the table whatever is removed.
    private mutating func compactIfMostlyRemoved() {
        guard order.count - start > 2 * entries.count + 1024 else { return }
        order = order[start...].filter { entries[$0] != nil }
        start = 0
    }
}

extension BoundedTable: Sendable where Key: Sendable, Value: Sendable {}
