/// A dictionary that keeps at most `limit` entries, dropping the oldest
/// insertion first, so requests to the stand-in cannot grow memory without
/// bound. Keys are random tokens, inserted once each.
struct BoundedTable<Value> {
    private var entries: [String: Value] = [:]
    private var insertionOrder: [String] = []
    private var oldest = 0
    let limit: Int

    init(limit: Int = DemoAuthority.tableLimit) {
        self.limit = limit
    }

    subscript(key: String) -> Value? {
        entries[key]
    }

    var count: Int { entries.count }

    /// Changes an entry in place; nothing when there is none.
    mutating func update(_ key: String, _ change: (inout Value) -> Void) {
        guard var value = entries[key] else { return }
        change(&value)
        entries[key] = value
    }

    mutating func insert(_ value: Value, for key: String) {
        while entries.count >= limit, oldest < insertionOrder.count {
            entries[insertionOrder[oldest]] = nil
            oldest += 1
        }
        // Removed keys stay listed until evicted; once the list is twice the
        // limit, keep only the live ones, so it stays bounded whatever is removed.
        if insertionOrder.count >= 2 * limit {
            insertionOrder = insertionOrder[oldest...].filter { entries[$0] != nil }
            oldest = 0
        }
        entries[key] = value
        insertionOrder.append(key)
    }

    mutating func remove(_ key: String) -> Value? {
        entries.removeValue(forKey: key)
    }
}

extension BoundedTable: Sendable where Value: Sendable {}
