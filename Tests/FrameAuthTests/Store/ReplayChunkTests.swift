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

    /// `count` entries of one record each, sealed as the journal seals them,
    /// with one byte of each entry in `damaged` flipped.
    private func boxes(_ count: Int, damaged: Set<Int> = []) throws -> [ReplayChunk.Box] {
        let batches = (0..<count).map { [JournalRecord.deleteUser(id: "user-\($0)")] }
        var (bytes, sizes) = try codec.frame(batches, startingAt: JournalCodec.headerLength)
        var boxes: [ReplayChunk.Box] = []
        var start = 0
        for (index, size) in sizes.enumerated() {
            if damaged.contains(index) { bytes[start + JournalCodec.lengthFieldSize + 3] ^= 0x01 }
            boxes.append((JournalCodec.headerLength + start, bytes[(start + JournalCodec.lengthFieldSize)..<(start + size)]))
            start += size
        }
        return boxes
    }

    private func records(_ boxes: [ReplayChunk.Box], start: Start) throws(StoreError) -> [ReplayChunk.OpenedRecord] {
        let queue = DispatchQueue(label: "frameauth.test.replay-opening")
        if start == .heldBack {
            queue.suspend()
            DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { queue.resume() }
        }
        return try ReplayChunk(boxes, codec: codec, path: "/data/sessions.journal", openingQueue: queue).records()
    }

    private static func deletedIDs(_ records: [ReplayChunk.OpenedRecord]) -> [String] {
        records.map { if case .decoded(.deleteUser(let id)) = $0.record { id } else { "not a deleteUser record" } }
    }

    @Test(arguments: Start.allCases, [1, 9, 40, JournalCodec.Contents.replayChunk])
    func everyEntry_comesOutOnce_inFileOrder_withItsSize(start: Start, count: Int) throws {
        let boxes = try boxes(count)
        let records = try records(boxes, start: start)

        #expect(Self.deletedIDs(records) == (0..<count).map { "user-\($0)" })
        #expect(records.map(\.size) == boxes.map { JournalCodec.lengthFieldSize + $0.sealed.count })
    }

    @Test(arguments: Start.allCases)
    func twoDamagedEntries_theEarlierOneIsThrown(start: Start) throws {
        let boxes = try boxes(40, damaged: [3, 30])

        #expect { try records(boxes, start: start) } throws: { error in
            guard case StoreError.recordFailedAuthentication(let path, let offset) = error else { return false }
            return path == "/data/sessions.journal" && offset == boxes[3].offset
        }
    }

    @Test(arguments: Start.allCases)
    func oneDamagedEntryAtTheBack_isThrown(start: Start) throws {
        let boxes = try boxes(40, damaged: [39])

        #expect { try records(boxes, start: start) } throws: { error in
            guard case StoreError.recordFailedAuthentication(_, let offset) = error else { return false }
            return offset == boxes[39].offset
        }
    }
}
