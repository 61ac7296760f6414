@testable import FrameAuth
import Testing

@Suite struct BoundedTableTests {
    @Test func pastTheLimit_theOldestInsertionGoes() {
        var table = BoundedTable<String, Int>(limit: 3)
        for index in 0..<5 { table.insert(index, for: "k\(index)") }
        #expect(table.count == 3)
        #expect(table["k0"] == nil && table["k1"] == nil)
        #expect(table["k2"] == 2 && table["k4"] == 4)
    }

    @Test func removedEntries_makeRoom_withoutEvictingOthers() {
        var table = BoundedTable<String, Int>(limit: 2)
        table.insert(1, for: "a")
        table.insert(2, for: "b")
        #expect(table.remove("a") == 1)
        table.insert(3, for: "c")
        #expect(table["b"] == 2 && table["c"] == 3)
    }

    @Test func staysBounded_overManyInsertions() {
        var table = BoundedTable<String, Int>(limit: 10)
        for index in 0..<10_000 { table.insert(index, for: "k\(index)") }
        #expect(table.count == 10)
        #expect(table["k9999"] == 9999)
    }

    /// The oldest entry still here is the one tested and removed, and only
    /// when the test holds (a sign-in's expiry, say).
    @Test func theOldest_skipsEntriesRemovedOutOfOrder_andGoesOnlyWhenDue() {
        var table = BoundedTable<String, Int>(limit: 5)
        for index in 0..<4 { table.insert(index, for: "k\(index)") }
        table.remove("k0")
        table.remove("k1")
        #expect(table.removeOldest(if: { $0 > 2 }) == nil)
        #expect(table.count == 2 && table["k2"] == 2)
        #expect(table.removeOldest(if: { $0 == 2 })?.key == "k2")
        #expect(table.removeOldest()?.value == 3 && table.count == 0)
    }

    @Test func insertingIntoAFullTable_returnsTheEntryItDropped() {
        var table = BoundedTable<String, Int>(limit: 2)
        #expect(table.insert(1, for: "a") == nil)
        #expect(table.insert(2, for: "b") == nil)
        let dropped = table.insert(3, for: "c")
        #expect(dropped?.key == "a" && dropped?.value == 1)
    }

    @Test func removingManyOutOfOrder_keepsTheOrderRight() {
        var table = BoundedTable<Int, Int>(limit: 100_000)
        for index in 0..<50_000 { table.insert(index, for: index) }
        // Every other key goes, from the back: none reaches the front on its own.
        for index in stride(from: 49_999, through: 0, by: -2) { table.remove(index) }
        for index in 50_000..<60_000 { table.insert(index, for: index) }
        var drained: [Int] = []
        while let oldest = table.removeOldest() { drained.append(oldest.key) }
        #expect(drained == Array(stride(from: 0, to: 50_000, by: 2)) + Array(50_000..<60_000))
    }
}
