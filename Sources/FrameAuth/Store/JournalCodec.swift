import FoundationEssentials

/// The journal's byte format.
///
///     header: "FAJ" | format digit | file id (16 random bytes)
///     entry:  length (UInt32 BE) | ~length (UInt32 BE) | AES-256-GCM box of the entry's records
///
/// Format 2 writes records in `JournalRecord`'s binary encoding. Format 1
/// held a JSON array; it is still read, so a journal from before opens, and
/// the store then rewrites it in format 2.
///
/// Each box's associated data is the format's label, the file id and the
/// entry's own offset, so an entry cannot be moved within a journal or
/// spliced in from another one (or another format) without failing
/// authentication. The length is stored with its complement: a damaged
/// length in the middle of the file is then an error, not mistaken for a
/// torn tail (which would drop every later entry).
struct JournalCodec {
    enum Format: UInt8, CaseIterable {
        case json = 1, binary

        static let current = Format.binary

        var magic: [UInt8] { JournalCodec.magicPrefix + Array("\(rawValue)".utf8) }
        var label: [UInt8] { Array("frameauth-journal-v\(rawValue)".utf8) }
    }

    static let magicPrefix = Array("FAJ".utf8)
    static let magicLength = magicPrefix.count + 1
    static let fileIDLength = 16
    static let headerLength = magicLength + fileIDLength
    static let lengthFieldSize = 8

    let cipher: AESGCM
    let fileID: [UInt8]
    let format: Format
    /// What every entry's associated data starts with; its offset follows.
    private let associatedDataPrefix: [UInt8]

    /// A codec for a new journal in the current format, with a fresh file id.
    init(cipher: AESGCM) {
        self.init(cipher: cipher, fileID: SecureRandom.bytes(count: Self.fileIDLength), format: .current)
    }

    private init(cipher: AESGCM, fileID: [UInt8], format: Format) {
        self.cipher = cipher
        self.fileID = fileID
        self.format = format
        self.associatedDataPrefix = format.label + fileID
    }

    var header: [UInt8] { format.magic + fileID }

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
                sealed = try cipher.seal(JournalRecord.encode(batch), associatedData: associatedData(at: offset + bytes.count))
            } catch {
                throw .encodingFailed(error.description)
            }
            let length = UInt32(sealed.count)
            bytes += bigEndianBytes(length) + bigEndianBytes(~length) + sealed
            sizes.append(Self.lengthFieldSize + sealed.count)
        }
        return (bytes, sizes)
    }

    /// What a journal file holds: its entries, how many bytes of it are
    /// whole, and how many bytes of an unfinished append follow.
    struct Contents {
        var codec: JournalCodec
        var entries: [Journal.Entry]
        var validLength: Int
        var tornLength: Int
    }

    /// Reads a whole journal. An incomplete last entry (a crash mid-append)
    /// is reported as torn; any other damage throws, naming `path` and the offset.
    static func read(_ bytes: [UInt8], path: String, cipher: AESGCM) throws(StoreError) -> Contents {
        guard bytes.count >= headerLength, Array(bytes[0..<magicPrefix.count]) == magicPrefix else {
            throw .notAJournal(path: path)
        }
        guard let format = Format.allCases.first(where: { Array(bytes[0..<magicLength]) == $0.magic }) else {
            throw .unknownJournalFormat(path: path)
        }
        let codec = JournalCodec(cipher: cipher, fileID: Array(bytes[magicLength..<headerLength]), format: format)
        var contents = Contents(codec: codec, entries: [], validLength: headerLength, tornLength: 0)
        var offset = headerLength
        while offset < bytes.count {
            let remaining = bytes.count - offset
            if remaining < lengthFieldSize {
                contents.tornLength = remaining
                break
            }
            let length = Int(readBigEndian(bytes, at: offset))
            let lengthIsIntact = readBigEndian(bytes, at: offset + 4) == ~UInt32(length)
            // Some file systems leave zeros where a crash cut an append short.
            let isZeroTail = !lengthIsIntact && bytes[offset...].allSatisfy { $0 == 0 }
            guard lengthIsIntact || isZeroTail else { throw .recordFailedAuthentication(path: path, offset: offset) }
            if isZeroTail || length > remaining - lengthFieldSize {
                contents.tornLength = remaining
                break
            }
            let sealed = bytes[(offset + lengthFieldSize)..<(offset + lengthFieldSize + length)]
            contents.entries.append((try codec.open(sealed, at: offset, path: path), lengthFieldSize + length))
            offset += lengthFieldSize + length
            contents.validLength = offset
        }
        return contents
    }

    private func open(_ sealed: ArraySlice<UInt8>, at offset: Int, path: String) throws(StoreError) -> [JournalRecord] {
        let plaintext: [UInt8]
        do {
            plaintext = try cipher.open(sealed, associatedData: associatedData(at: offset))
        } catch {
            throw .recordFailedAuthentication(path: path, offset: offset)
        }
        do {
            switch format {
            case .json: return try JSONDecoder().decode([JournalRecord].self, from: Data(plaintext))
            case .binary: return try JournalRecord.decode(plaintext)
            }
        } catch {
            throw .recordUndecodable(path: path, offset: offset)
        }
    }

    private func associatedData(at offset: Int) -> [UInt8] {
        associatedDataPrefix + bigEndianBytes(UInt64(offset))
    }
}

private func bigEndianBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value.bigEndian, Array.init)
}

private func readBigEndian(_ bytes: [UInt8], at offset: Int) -> UInt32 {
    bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
}
