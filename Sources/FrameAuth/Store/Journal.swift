import Glibc

/// `data_dir/sessions.journal`: the append-only file the store's state is
/// rebuilt from, and the only place it is persisted.
///
/// Appends are one `write` and one `fdatasync`, so a change is on disk before
/// the caller hears of it. A snapshot (when the file has grown past twice its
/// live records, and at start when the file cannot simply be continued) is
/// written to a temporary file, synced and renamed over the journal, so a
/// crash leaves the old or the new file, never a mix.
final class Journal {
    static let fileName = "sessions.journal"
    private static let temporaryName = fileName + ".tmp"

    let path: String
    private let directory: String
    /// The key appends and rewrites seal with: the ring's current key.
    private let key: KeyRing.Key
    private let positionedWrite: PosixFile.PositionedWrite
    private var codec: JournalCodec
    private var file: PosixFile
    /// Bytes of whole records (and header); the next append starts here.
    private(set) var length: Int
    /// Set when an append failed: the file's tail is then in doubt, so the
    /// next change first rewrites the journal from memory.
    private(set) var needsRewrite = false

    /// Records a snapshot puts in one entry: few enough to seal in one go,
    /// many enough that start-up opens hundreds of boxes, not 100,000s.
    static let snapshotRecordsPerEntry = 256

    /// One entry as read or written: its records and its size in the file.
    typealias Entry = (batch: [JournalRecord], size: Int)

    /// The journal in `directory` as found at start-up: its entries, still
    /// sealed, the key that sealed them, and the journal itself when appends
    /// can continue it as it is. That is nil when there is no journal or it
    /// must be rewritten first: it is in an older format, sealed with a
    /// previous key, or ends in an append cut short.
    struct Found {
        var contents: JournalCodec.Contents?
        var sealedWith: KeyID?
        var journal: Journal?

        var entryCount: Int { contents?.entryCount ?? 0 }

        /// Opens the entries in order, handing each record to `apply` (see `JournalCodec.Contents.replay`).
        func replay(_ apply: (_ record: ReplayedRecord, _ size: Int) -> Void) throws(StoreError) {
            try contents?.replay(apply)
        }
    }

    /// Reads the journal in `directory`. An incomplete last entry (a crash
    /// mid-append, never acknowledged) is left out and logged; any other
    /// damage throws.
    static func open(
        in directory: String, keys: KeyRing, positionedWrite: @escaping PosixFile.PositionedWrite,
        log: @Sendable (String) -> Void
    ) throws(StoreError) -> Found {
        let path = DataDirectory.file(fileName, in: directory)
        guard let file = try PosixFile.open(path, flags: O_RDWR) else { return Found(contents: nil, sealedWith: nil, journal: nil) }
        let contents = try JournalCodec.read(try file.readAll(), path: path, keys: keys)
        if contents.tornLength > 0 {
            log("session store: \(path) ends with \(contents.tornLength) bytes of an append cut short "
                + "at byte \(contents.validLength) (a crash before it was acknowledged); dropped them")
        }
        let format = contents.codec.format
        if format != .current {
            log("session store: \(path) is in journal format \(format.rawValue); "
                + "rewriting it in format \(JournalCodec.Format.current.rawValue)")
        }
        let sealedWith = contents.codec.key.id
        guard contents.tornLength == 0, format == .current, sealedWith == keys.current.id else {
            return Found(contents: contents, sealedWith: sealedWith, journal: nil)
        }
        let journal = Journal(
            directory: directory, key: keys.current, positionedWrite: positionedWrite,
            codec: contents.codec, file: file, length: contents.validLength
        )
        return Found(contents: contents, sealedWith: sealedWith, journal: journal)
    }

    /// Replaces (or creates) the journal in `directory` with `records`,
    /// returning it and the entries written.
    static func create(
        snapshot records: [JournalRecord], in directory: String, key: KeyRing.Key,
        positionedWrite: @escaping PosixFile.PositionedWrite
    ) throws(StoreError) -> (journal: Journal, entries: [Entry]) {
        let written = try writeSnapshot(records, in: directory, key: key, using: positionedWrite)
        try PosixFile.syncDirectory(directory)
        let journal = Journal(
            directory: directory, key: key, positionedWrite: positionedWrite,
            codec: written.codec, file: written.file, length: written.length
        )
        return (journal, written.entries)
    }

    private init(
        directory: String, key: KeyRing.Key, positionedWrite: @escaping PosixFile.PositionedWrite,
        codec: JournalCodec, file: PosixFile, length: Int
    ) {
        self.directory = directory
        self.path = DataDirectory.file(Self.fileName, in: directory)
        self.key = key
        self.positionedWrite = positionedWrite
        self.codec = codec
        self.file = file
        self.length = length
    }

    /// Whether the journal is still the file at its path and its folder takes
    /// writes. Appends to a journal deleted or replaced from under us would be
    /// acknowledged and then missing at the next start. `access` sees a
    /// read-only file system (and, when not root, the folder's mode) before
    /// a write fails on it.
    var isInPlace: Bool {
        file.isSameFile(as: path) && access(directory, W_OK) == 0
    }

    /// Appends `records` durably as one entry, returning its size in the
    /// file. On failure the file is cut back to where it was and the error thrown.
    func append(_ records: [JournalRecord]) throws(StoreError) -> Int {
        let (bytes, sizes) = try codec.frame([records], startingAt: length)
        do {
            try file.write(bytes, at: length, using: positionedWrite)
            try file.dataSync()
        } catch {
            // Keep a partial append from sitting in front of later ones. Even
            // if this succeeds, after a failed fdatasync the kernel may have
            // dropped the pages, so the next change rewrites the whole file.
            try? file.truncate(to: length)
            needsRewrite = true
            throw error
        }
        length += bytes.count
        return sizes[0]
    }

    /// Replaces the journal with `records`, returning the entries written.
    func rewrite(_ records: [JournalRecord]) throws(StoreError) -> [Entry] {
        let written = try Self.writeSnapshot(records, in: directory, key: key, using: positionedWrite)
        // The rename is done: from here on the new file is the journal.
        (codec, file, length) = (written.codec, written.file, written.length)
        do {
            try PosixFile.syncDirectory(directory)
        } catch {
            needsRewrite = true
            throw error
        }
        needsRewrite = false
        return written.entries
    }

    /// Writes `records` to a temporary file, syncs it and renames it over the
    /// journal; the caller then syncs the directory to make the rename durable.
    private static func writeSnapshot(
        _ records: [JournalRecord], in directory: String, key: KeyRing.Key,
        using positionedWrite: PosixFile.PositionedWrite
    ) throws(StoreError) -> (codec: JournalCodec, file: PosixFile, length: Int, entries: [Entry]) {
        let temporary = DataDirectory.file(temporaryName, in: directory)
        let path = DataDirectory.file(fileName, in: directory)
        let codec = JournalCodec(key: key)
        let batches = stride(from: 0, to: records.count, by: snapshotRecordsPerEntry).map {
            Array(records[$0..<min($0 + snapshotRecordsPerEntry, records.count)])
        }
        let (body, sizes) = try codec.frame(batches, startingAt: JournalCodec.headerLength)
        let bytes = codec.header + body

        unlink(temporary)  // left over from a crash during an earlier snapshot
        guard let file = try PosixFile.open(temporary, flags: O_RDWR | O_CREAT | O_EXCL, mode: 0o600) else {
            throw .fileOperation("create", path: temporary, errno: ENOENT)
        }
        do throws(StoreError) {
            try file.write(bytes, at: 0, using: positionedWrite)
            try file.sync()
            guard rename(temporary, path) == 0 else { throw StoreError.fileOperation("rename", path: temporary, errno: errno) }
        } catch {
            unlink(temporary)
            throw error
        }
        return (codec, file, bytes.count, Array(zip(batches, sizes)))
    }
}
