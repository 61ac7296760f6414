import FoundationEssentials

/// The journal's byte format.
///
///     header: "FAJ1" | file id (16 random bytes)
///     entry:  length (UInt32 BE) | ~length (UInt32 BE) | AES-256-GCM box of a JSON array of records
///
/// Each box's associated data is the format label, the file id and the
/// entry's own offset, so an entry cannot be moved within a journal or
/// spliced in from another one without failing authentication. The length is
/// stored with its complement: a damaged length in the middle of the file is
/// then an error, not mistaken for a torn tail (which would drop every later
/// entry).
struct JournalCodec {
    static let magic = Array("FAJ1".utf8)
    static let fileIDLength = 16
    static let headerLength = magic.count + fileIDLength
    static let lengthFieldSize = 8
    private static let label = Array("frameauth-journal-v1".utf8)

    let cipher: AESGCM
    let fileID: [UInt8]
    private let encoder = JSONEncoder()
    private let decoder = JSONDecoder()

    /// A codec for a new journal, with a fresh file id.
    init(cipher: AESGCM) {
        self.init(cipher: cipher, fileID: SecureRandom.bytes(count: Self.fileIDLength))
    }

    private init(cipher: AESGCM, fileID: [UInt8]) {
        self.cipher = cipher
        self.fileID = fileID
    }

    var header: [UInt8] { Self.magic + fileID }

    /// Each batch of records framed as one sealed entry, one after another,
    /// the first starting at `offset`. One entry is all or nothing on disk:
    /// a crash cannot keep half of a sign-in.
    func frame(_ batches: [[JournalRecord]], startingAt offset: Int) throws(StoreError) -> (bytes: [UInt8], sizes: [Int]) {
        var bytes: [UInt8] = []
        var sizes: [Int] = []
        for batch in batches {
            let json: Data
            do { json = try encoder.encode(batch) } catch { throw .encodingFailed("\(error)") }
            let sealed: [UInt8]
            do {
                sealed = try cipher.seal(Array(json), associatedData: associatedData(at: offset + bytes.count))
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
        var entries: [(batch: [JournalRecord], size: Int)]
        var validLength: Int
        var tornLength: Int
    }

    /// Reads a whole journal. An incomplete last entry (a crash mid-append)
    /// is reported as torn; any other damage throws, naming `path` and the offset.
    static func read(_ bytes: [UInt8], path: String, cipher: AESGCM) throws(StoreError) -> Contents {
        guard bytes.count >= headerLength, Array(bytes[0..<magic.count]) == magic else { throw .notAJournal(path: path) }
        let codec = JournalCodec(cipher: cipher, fileID: Array(bytes[magic.count..<headerLength]))
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
            let sealed = Array(bytes[(offset + lengthFieldSize)..<(offset + lengthFieldSize + length)])
            contents.entries.append((try codec.open(sealed, at: offset, path: path), lengthFieldSize + length))
            offset += lengthFieldSize + length
            contents.validLength = offset
        }
        return contents
    }

    private func open(_ sealed: [UInt8], at offset: Int, path: String) throws(StoreError) -> [JournalRecord] {
        let json: [UInt8]
        do {
            json = try cipher.open(sealed, associatedData: associatedData(at: offset))
        } catch {
            throw .recordFailedAuthentication(path: path, offset: offset)
        }
        do {
            return try decoder.decode([JournalRecord].self, from: Data(json))
        } catch {
            throw .recordUndecodable(path: path, offset: offset)
        }
    }

    private func associatedData(at offset: Int) -> [UInt8] {
        Self.label + fileID + bigEndianBytes(UInt64(offset))
    }
}

private func bigEndianBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value.bigEndian, Array.init)
}

private func readBigEndian(_ bytes: [UInt8], at offset: Int) -> UInt32 {
    bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
}
