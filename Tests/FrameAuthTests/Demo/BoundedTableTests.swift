@testable import FrameAuth
import Testing

@Suite struct BoundedTableTests {
    @Test func pastTheLimit_theOldestInsertionGoes() {
        var table = BoundedTable<Int>(limit: 3)
        for index in 0..<5 { table.insert(index, for: "k\(index)") }
        #expect(table.count == 3)
        #expect(table["k0"] == nil && table["k1"] == nil)
        #expect(table["k2"] == 2 && table["k4"] == 4)
    }

    @Test func removedEntries_makeRoom_withoutEvictingOthers() {
        var table = BoundedTable<Int>(limit: 2)
        table.insert(1, for: "a")
        table.insert(2, for: "b")
        #expect(table.remove("a") == 1)
        table.insert(3, for: "c")
        #expect(table["b"] == 2 && table["c"] == 3)
    }

    @Test func staysBounded_overManyInsertions() {
        var table = BoundedTable<Int>(limit: 10)
        for index in 0..<10_000 { table.insert(index, for: "k\(index)") }
        #expect(table.count == 10)
        #expect(table["k9999"] == 9999)
    }
}
