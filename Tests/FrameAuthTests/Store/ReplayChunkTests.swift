import Dispatch
import Testing
@testable import FrameAuth

/// Start-up opens a chunk of journal entries from both ends at once
/// (`ReplayChunk`): whichever thread opens an entry, records come out in
/// file order, and of two damaged entries the earlier one is reported.
@Suite struct ReplayChunkTests {
    /// How the opening queue starts: at once, racing the applying thread,
    /// or held back a while, so that the applying thread (almost surely)
    /// opens every entry from the back. The results must not differ.
    enum Start: CaseIterable { case racing, heldBack }

    private let codec: JournalCodec

    init() throws {
        codec = JournalCodec(key: try KeyRing(current: SecureRandom.bytes(count: 32)).current)
    }

    /// A journal of `count` entries of one record each after a header's
    /// worth of zeros, sealed as the journal seals them, with one byte of
    /// each entry in `damaged` flipped; and where each entry lies.
    private func journal(_ count: Int, damaged: Set<Int> = []) throws -> (file: [UInt8], entries: [JournalCodec.Entry]) {
        let batches = (0..<count).map { [JournalRecord.deleteUser(id: "user-\($0)")] }
        let (framed, sizes) = try codec.frame(batches, startingAt: JournalCodec.headerLength)
        var file = [UInt8](repeating: 0, count: JournalCodec.headerLength) + framed
        var entries: [JournalCodec.Entry] = []
        var offset = JournalCodec.headerLength
        for (index, size) in sizes.enumerated() {
            if damaged.contains(index) { file[offset + JournalCodec.lengthFieldSize + 3] ^= 0x01 }
            entries.append((offset, size - JournalCodec.lengthFieldSize))
            offset += size
        }
        return (file, entries)
    }

    /// The records a chunk of `entries` hands over, in the order handed.
    private static func applied(_ chunk: ReplayChunk) throws(StoreError) -> [ReplayChunk.OpenedRecord] {
        var records: [ReplayChunk.OpenedRecord] = []
        try chunk.forEachRecord { record, size in records.append((record, size)) }
        return records
    }

    private static func openingQueue(_ start: Start) -> DispatchQueue {
        let queue = DispatchQueue(label: "frameauth.test.replay-opening")
        if start == .heldBack {
            queue.suspend()
            DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { queue.resume() }
        }
        return queue
    }

    private func records(_ journal: (file: [UInt8], entries: [JournalCodec.Entry]), start: Start) throws(StoreError)
        -> [ReplayChunk.OpenedRecord] {
        try Self.applied(ReplayChunk(journal.entries.indices, of: journal.entries, in: journal.file, codec: codec,
                                     path: "/data/sessions.journal", openingQueue: Self.openingQueue(start)))
    }

    private static func deletedIDs(_ records: [ReplayChunk.OpenedRecord]) -> [String] {
        records.map { if case .decoded(.deleteUser(let id)) = $0.record { id } else { "not a deleteUser record" } }
    }

    @Test(arguments: Start.allCases, [1, 9, 40, JournalCodec.Contents.replayChunk])
    func everyEntry_comesOutOnce_inFileOrder_withItsSize(start: Start, count: Int) throws {
        let journal = try journal(count)
        let records = try records(journal, start: start)

        #expect(Self.deletedIDs(records) == (0..<count).map { "user-\($0)" })
        #expect(records.map(\.size) == journal.entries.map { JournalCodec.lengthFieldSize + $0.sealedLength })
    }

    /// A chunk reads only its own entries of the journal's.
    @Test func aChunkInTheMiddle_opensOnlyItsEntries() throws {
        let journal = try journal(40)
        let records = try Self.applied(ReplayChunk(10..<30, of: journal.entries, in: journal.file, codec: codec,
                                                   path: "/data/sessions.journal",
                                                   openingQueue: DispatchQueue(label: "frameauth.test.replay-opening")))
        #expect(Self.deletedIDs(records) == (10..<30).map { "user-\($0)" })
    }

    @Test(arguments: Start.allCases)
    func twoDamagedEntries_theEarlierOneIsThrown(start: Start) throws {
        let journal = try journal(40, damaged: [3, 30])

        #expect { try records(journal, start: start) } throws: { error in
            guard case StoreError.recordFailedAuthentication(let path, let offset) = error else { return false }
            return path == "/data/sessions.journal" && offset == journal.entries[3].offset
        }
    }

    @Test(arguments: Start.allCases)
    func oneDamagedEntryAtTheBack_isThrown(start: Start) throws {
        let journal = try journal(40, damaged: [39])

        #expect { try records(journal, start: start) } throws: { error in
            guard case StoreError.recordFailedAuthentication(_, let offset) = error else { return false }
            return offset == journal.entries[39].offset
        }
    }

    /// A chunk with a damaged entry applies none of its records, not even
    /// those before the damage: the store refuses to open on damage.
    @Test(arguments: Start.allCases, [0, 20, 39])
    func aDamagedEntry_nothingIsApplied(start: Start, damaged: Int) throws {
        let journal = try journal(40, damaged: [damaged])
        var applied = 0
        let chunk = ReplayChunk(journal.entries.indices, of: journal.entries, in: journal.file, codec: codec,
                                path: "/data/sessions.journal", openingQueue: Self.openingQueue(start))

        #expect(throws: StoreError.self) { try chunk.forEachRecord { _, _ in applied += 1 } }
        #expect(applied == 0)
    }
}
