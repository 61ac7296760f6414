import Dispatch
import FoundationEssentials
import HTTPServer

/// The journal's byte format.
///
///     header: "FAJ" | format digit | key id (8 bytes; format 3 only) | file id (16 random bytes)
///     entry:  length (UInt32 BE) | ~length (UInt32 BE) | AES-256-GCM box of the entry's records
///
/// Format 3 names in its header the key that sealed the journal (`KeyID`),
/// so a journal sealed with a previous key opens with that key, and a
/// journal whose key is missing is named at start-up with the number of its
/// entries. Format 2 held the same records without the key id, and format 1
/// held a JSON array; both are still read (every key of the ring is tried on
/// them), and the store then rewrites the journal in format 3.
///
/// Each box's associated data is the format's label, the key id, the file id
/// and the entry's own offset, so an entry cannot be moved within a journal
/// or spliced in from another one (or another format) without failing
/// authentication. The length is stored with its complement: a damaged
/// length in the middle of the file is then an error, not mistaken for a
/// torn tail (which would drop every later entry).
struct JournalCodec {
    enum Format: UInt8, CaseIterable {
        case json = 1, binary, keyed

        static let current = Format.keyed

        var magic: [UInt8] { JournalCodec.magicPrefix + Array("\(rawValue)".utf8) }
        var label: [UInt8] { Array("frameauth-journal-v\(rawValue)".utf8) }
        var namesItsKey: Bool { self == .keyed }
        var headerLength: Int { JournalCodec.magicLength + (namesItsKey ? KeyID.length : 0) + JournalCodec.fileIDLength }
    }

    static let magicPrefix = Array("FAJ".utf8)
    static let magicLength = magicPrefix.count + 1
    static let fileIDLength = 16
    /// The header of a journal written now.
    static var headerLength: Int { Format.current.headerLength }
    static let lengthFieldSize = 8

    let key: KeyRing.Key
    let fileID: [UInt8]
    let format: Format
    /// What every entry's associated data starts with; its offset follows.
    private let associatedDataPrefix: [UInt8]

    /// A codec for a new journal in the current format sealed with `key`, with a fresh file id.
    init(key: KeyRing.Key) {
        self.init(key: key, fileID: SecureRandom.bytes(count: Self.fileIDLength), format: .current)
    }

    private init(key: KeyRing.Key, fileID: [UInt8], format: Format) {
        self.key = key
        self.fileID = fileID
        self.format = format
        self.associatedDataPrefix = format.label + (format.namesItsKey ? key.id.bytes : []) + fileID
    }

    var header: [UInt8] { format.magic + (format.namesItsKey ? key.id.bytes : []) + fileID }

    /// Each batch of records framed as one sealed entry, one after another,
    /// the first starting at `offset`. One entry is all or nothing on disk:
    /// a crash cannot keep half of a sign-in.
    func frame(_ batches: [[JournalRecord]], startingAt offset: Int) throws(StoreError) -> (bytes: [UInt8], sizes: [Int]) {
        precondition(format == .current, "journals in an older format are only read, never appended to")
        var bytes: [UInt8] = []
        var sizes: [Int] = []
        for batch in batches {
            let sealed: [UInt8]
            do {
                var associatedData = [UInt8](repeating: 0, count: associatedDataLength)
                associatedData.withUnsafeMutableBufferPointer { writeAssociatedData(at: offset + bytes.count, into: $0) }
                sealed = try key.cipher.seal(JournalRecord.encode(batch), associatedData: associatedData)
            } catch {
                throw .encodingFailed(error.description)
            }
            let length = UInt32(sealed.count)
            bytes += bigEndianBytes(length) + bigEndianBytes(~length) + sealed
            sizes.append(Self.lengthFieldSize + sealed.count)
        }
        return (bytes, sizes)
    }

    /// What a journal file holds: its entries, still sealed, how many bytes
    /// of it are whole, and how many bytes of an unfinished append follow.
    struct Contents {
        var codec: JournalCodec
        let path: String
        fileprivate let file: [UInt8]
        fileprivate var entries: [Entry]
        var validLength: Int
        var tornLength: Int

        var entryCount: Int { entries.count }

        /// Entries opened ahead of the one applied: enough to keep the
        /// other thread busy, few enough that start-up never holds every
        /// record at once (freed between pages of live data, their memory
        /// would stay in the process).
        static let replayChunk = 1_024

        /// A queue of its own, whose thread Dispatch adds as needed: the
        /// global queues share their few threads with Swift's cooperative
        /// pool, which a store opened from async code (the tests) may be
        /// blocking on this very wait.
        private static let openingQueue = DispatchQueue(label: "frameauth.journal-replay")

        /// Opens the entries and hands their records to `apply`, in order,
        /// each with an equal share of its entry's size in the file. Two
        /// threads open a chunk of entries (`ReplayChunk`): a thread of its
        /// own starts on the next chunk while this one applies the current
        /// one, which on two cores halves a large journal's replay.
        func replay(_ apply: (_ record: ReplayedRecord, _ size: Int) -> Void) throws(StoreError) {
            let chunks = stride(from: 0, to: entries.count, by: Self.replayChunk).map {
                $0..<min($0 + Self.replayChunk, entries.count)
            }
            var ahead = chunks.first.map(startOpening)
            for index in chunks.indices {
                guard let current = ahead else { break }
                ahead = index + 1 < chunks.count ? startOpening(chunks[index + 1]) : nil
                try current.forEachRecord(apply)
            }
        }

        private func startOpening(_ chunk: Range<Int>) -> ReplayChunk {
            ReplayChunk(chunk, of: entries, in: file, codec: codec, path: path, openingQueue: Self.openingQueue)
        }
    }

    /// Where one whole entry lies in the file: its offset, and the length
    /// of its sealed box, which follows the length fields.
    typealias Entry = (offset: Int, sealedLength: Int)

    /// Where each whole entry lies, before any is opened.
    private struct Layout {
        var entries: [Entry] = []
        var validLength: Int
        var tornLength = 0
    }

    /// Reads a whole journal with the key of `keys` that sealed it. An
    /// incomplete last entry (a crash mid-append) is reported as torn; any
    /// other damage throws, naming `path` and the offset, and so does a
    /// journal sealed with a key `keys` does not hold.
    static func read(_ bytes: [UInt8], path: String, keys: KeyRing) throws(StoreError) -> Contents {
        guard bytes.count >= magicLength, Array(bytes[0..<magicPrefix.count]) == magicPrefix else {
            throw .notAJournal(path: path)
        }
        guard let format = Format.allCases.first(where: { Array(bytes[0..<magicLength]) == $0.magic }) else {
            throw .unknownJournalFormat(path: path)
        }
        guard bytes.count >= format.headerLength else { throw .notAJournal(path: path) }
        let fileID = Array(bytes[(format.headerLength - fileIDLength)..<format.headerLength])
        let layout = try layout(of: bytes, from: format.headerLength, path: path)
        let key: KeyRing.Key
        if format.namesItsKey {
            let id = KeyID(stored: bytes[magicLength..<(magicLength + KeyID.length)])!
            guard let named = keys.key(withID: id) else {
                throw .journalKeyMissing(path: path, keyID: id, entries: layout.entries.count)
            }
            key = named
        } else if let first = layout.entries.first {
            // No key named: the key that opens the first entry sealed them all.
            guard let opening = keys.all.first(where: { candidate in
                var bindings = ReplayBindings()
                var records: [ReplayedRecord] = []
                let codec = JournalCodec(key: candidate, fileID: fileID, format: format)
                return (try? bytes.withUnsafeBufferPointer { file throws(StoreError) in
                    try codec.open(first, in: file, path: path, bindings: &bindings, into: &records)
                }) != nil
            }) else { throw .recordFailedAuthentication(path: path, offset: first.offset) }
            key = opening
        } else {
            key = keys.current
        }
        let codec = JournalCodec(key: key, fileID: fileID, format: format)
        return Contents(codec: codec, path: path, file: bytes, entries: layout.entries,
                        validLength: layout.validLength, tornLength: layout.tornLength)
    }

    private static func layout(of bytes: [UInt8], from start: Int, path: String) throws(StoreError) -> Layout {
        var layout = Layout(validLength: start)
        var offset = start
        while offset < bytes.count {
            let remaining = bytes.count - offset
            if remaining < lengthFieldSize {
                layout.tornLength = remaining
                break
            }
            let length = Int(readBigEndian(bytes, at: offset))
            let lengthIsIntact = readBigEndian(bytes, at: offset + 4) == ~UInt32(length)
            // Some file systems leave zeros where a crash cut an append short.
            let isZeroTail = !lengthIsIntact && bytes[offset...].allSatisfy { $0 == 0 }
            guard lengthIsIntact || isZeroTail else { throw .recordFailedAuthentication(path: path, offset: offset) }
            if isZeroTail || length > remaining - lengthFieldSize {
                layout.tornLength = remaining
                break
            }
            layout.entries.append((offset, length))
            offset += lengthFieldSize + length
            layout.validLength = offset
        }
        return layout
    }

    /// Appends the records of `entry`, read from `file`, the whole journal,
    /// to `records`; when it throws, what it appended is of no use.
    func open(
        _ entry: Entry, in file: UnsafeBufferPointer<UInt8>, path: String, bindings: inout ReplayBindings,
        into records: inout [ReplayedRecord]
    ) throws(StoreError) {
        let offset = entry.offset
        let start = offset + Self.lengthFieldSize
        // `layout` keeps only entries that lie whole within the file; checked
        // again because a slice of a buffer pointer is not bounds-checked in
        // a release build, and these bytes come from disk.
        precondition(offset >= 0 && entry.sealedLength >= 0 && start + entry.sealedLength <= file.count,
                     "a journal entry outside its file")
        let sealed = UnsafeBufferPointer(rebasing: file[start..<(start + entry.sealedLength)])
        // The associated data on the stack: start-up opens every entry.
        let plaintext = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: associatedDataLength) { buffer in
            writeAssociatedData(at: offset, into: buffer)
            return try? key.cipher.open(sealed, associatedData: UnsafeBufferPointer(buffer))
        }
        guard let plaintext else { throw .recordFailedAuthentication(path: path, offset: offset) }
        do {
            switch format {
            case .json: records += try JSONDecoder().decode([JournalRecord].self, from: Data(plaintext)).map(ReplayedRecord.decoded)
            case .binary, .keyed: try JournalRecord.decodeForReplay(plaintext, bindings: &bindings, into: &records)
            }
        } catch {
            throw .recordUndecodable(path: path, offset: offset)
        }
    }

    /// An entry's associated data: the journal's prefix, then the entry's
    /// offset as 8 big-endian bytes, so an entry opens only where it was sealed.
    private var associatedDataLength: Int { associatedDataPrefix.count + 8 }

    private func writeAssociatedData(at offset: Int, into buffer: UnsafeMutableBufferPointer<UInt8>) {
        precondition(buffer.count == associatedDataLength, "room for exactly the associated data")
        let prefixEnd = buffer.initialize(fromContentsOf: associatedDataPrefix)
        withUnsafeBytes(of: UInt64(offset).bigEndian) { offsetBytes in
            _ = buffer[prefixEnd...].initialize(fromContentsOf: offsetBytes)
        }
    }
}

private func bigEndianBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value.bigEndian, Array.init)
}

private func readBigEndian(_ bytes: [UInt8], at offset: Int) -> UInt32 {
    bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
}
