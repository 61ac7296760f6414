import Dispatch
import HTTPServer

/// One chunk of a journal's sealed entries, opened by two threads from its
/// two ends. The opening queue takes entries from the front as soon as the
/// chunk is made, while the applying thread still applies the chunk before;
/// then the applying thread takes entries from the back until the two meet.
/// Opening an entry costs more than applying its records, so with the
/// opening queue alone the applying thread waited for a third of a replay.
final class ReplayChunk: Sendable {
    /// A record opened, with its share of its entry's size in the file.
    typealias OpenedRecord = (record: ReplayedRecord, size: Int)

    /// Entries taken at a time: few enough that the two ends meet near the
    /// middle of the work, enough that they rarely meet at the lock.
    private static let entriesPerTake = 8

    /// The whole journal and where each of its entries lies: shared by
    /// every chunk, which reads only its own `entries[chunk]`.
    private let file: [UInt8]
    private let entries: [JournalCodec.Entry]
    private let chunk: Range<Int>
    private let codec: JournalCodec
    private let path: String
    /// The chunk's entries neither thread has taken yet.
    private let untaken: Lock<Range<Int>>
    private let front = Lock<Result<[OpenedRecord], StoreError>?>(nil)
    private let frontOpened = DispatchSemaphore(value: 0)

    init(_ chunk: Range<Int>, of entries: [JournalCodec.Entry], in file: [UInt8], codec: JournalCodec, path: String,
         openingQueue: DispatchQueue) {
        self.file = file
        self.entries = entries
        self.chunk = chunk
        self.codec = codec
        self.path = path
        untaken = Lock(chunk)
        openingQueue.async { self.openFront() }
    }

    /// Hands the chunk's records to `body` in file order, after opening
    /// entries from the back until none is left and waiting for the
    /// front's. Nothing is applied if an entry fails; the first in file
    /// order that fails is the one thrown. The records are handed from the
    /// arrays they were opened into: joining those into one array would
    /// copy every record, a reference count up and down each.
    func forEachRecord(_ body: (_ record: ReplayedRecord, _ size: Int) -> Void) throws(StoreError) {
        // Each take's records, in the order taken: from the back forwards.
        var backTakes: [[OpenedRecord]] = []
        var backFailure: StoreError?
        do {
            var bindings = ReplayBindings()
            while let taken = take(fromFront: false) {
                var records: [OpenedRecord] = []
                try open(taken, into: &records, bindings: &bindings)
                backTakes.append(records)
            }
        } catch {
            // Entries before this one are the front's: one of them may fail first.
            backFailure = error
        }
        frontOpened.wait()
        let frontRecords = try front.withLock { $0.take()! }.get()
        if let backFailure { throw backFailure }
        for (record, size) in frontRecords { body(record, size) }
        for take in backTakes.reversed() {
            for (record, size) in take { body(record, size) }
        }
    }

    private func openFront() {
        let outcome = Result { () throws(StoreError) in
            // One array for the front's records, not one per entry: memory
            // this thread allocates and the applying thread frees contends
            // for the allocator's lock, once per array.
            var records: [OpenedRecord] = []
            records.reserveCapacity(2 * chunk.count)
            var bindings = ReplayBindings()
            while let taken = take(fromFront: true) {
                try open(taken, into: &records, bindings: &bindings)
            }
            return records
        }
        front.withLock { $0 = outcome }
        frontOpened.signal()
    }

    private func take(fromFront: Bool) -> Range<Int>? {
        untaken.withLock { untaken in
            guard !untaken.isEmpty else { return nil }
            let count = min(Self.entriesPerTake, untaken.count)
            if fromFront {
                defer { untaken = (untaken.lowerBound + count)..<untaken.upperBound }
                return untaken.lowerBound..<(untaken.lowerBound + count)
            }
            defer { untaken = untaken.lowerBound..<(untaken.upperBound - count) }
            return (untaken.upperBound - count)..<untaken.upperBound
        }
    }

    /// Opens the entries `taken`, in order. They are read in place from
    /// the journal's buffer: a slice per entry would have both threads
    /// count references to that one buffer, an atomic each time.
    private func open(_ taken: Range<Int>, into records: inout [OpenedRecord], bindings: inout ReplayBindings) throws(StoreError) {
        try file.withUnsafeBufferPointer { file throws(StoreError) in
            // One entry's records at a time, in one array for the whole take.
            var entryRecords: [ReplayedRecord] = []
            for entry in entries[taken] {
                entryRecords.removeAll(keepingCapacity: true)
                try codec.open(entry, in: file, path: path, bindings: &bindings, into: &entryRecords)
                let share = (JournalCodec.lengthFieldSize + entry.sealedLength) / max(entryRecords.count, 1)
                for record in entryRecords { records.append((record, share)) }
            }
        }
    }
}
