import FoundationEssentials
import HTTPServer

/// The session store of a single instance: signed-in users, their tokens
/// and their browsers' sessions all in memory, and every change in
/// `data_dir/sessions.journal` (sealed with the encryption key) before the
/// call that makes it returns.
///
/// Changes run on the actor, on a serial queue of its own, so they block on
/// `write` and `fdatasync` without a suspension point: they happen one at a
/// time and in order, memory changes only once the disk has the change, and
/// a failed write leaves memory as it was. Reads take no turn on the actor:
/// they look at memory under a lock held only while memory is read or
/// changed, never during a disk write, and so answer at once, on the
/// caller's thread (the token API answers inline on its event loop).
public actor JournalStore: SessionStore {
    /// Journal bytes allowed beyond twice the live records before compacting.
    static let compactionSlack = 1 << 20

    static func isWorthCompacting(journalLength: Int, liveBytes: Int) -> Bool {
        journalLength > 2 * liveBytes + compactionSlack
    }

    private let executor = SerialQueueExecutor(label: "frameauth.session-store")
    let now: @Sendable () -> Date
    let sessionLifetime: TimeInterval
    let log: @Sendable (String) -> Void
    /// Held while open, so no second process appends to the same journal.
    private var directoryLock: PosixFile?
    let journal: Journal
    /// Read by any thread; changed only by the actor, after the disk.
    let state: Lock<StoreState>
    var isOpen: Bool { directoryLock != nil }

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    /// Opens the store in `directory` (created with mode 0700 if missing) and
    /// replays the journal, sealed with the current key of `keys` or one of
    /// its previous keys. The journal is rewritten first, sealed with the
    /// current key, when it is worth compacting, in an older format, sealed
    /// with a previous key, or ends in an append cut short: the rewrite
    /// replaces the file at once, so no moment has some sessions under one
    /// key and some under another. Throws when the journal cannot be read,
    /// needs a key `keys` lacks, or cannot be rewritten, and when another
    /// process holds `directory`.
    public init(
        directory: String, keys: KeyRing, now: @escaping @Sendable () -> Date = Date.init,
        sessionLifetime: Duration = SignInLimits.sessionLifetime, log: @escaping @Sendable (String) -> Void
    ) throws(StoreError) {
        try self.init(
            directory: directory, keys: keys, now: now, sessionLifetime: sessionLifetime, log: log,
            positionedWrite: PosixFile.systemWrite
        )
    }

    /// A store whose journal is sealed with `key` alone.
    public init(
        directory: String, key: [UInt8], now: @escaping @Sendable () -> Date = Date.init,
        sessionLifetime: Duration = SignInLimits.sessionLifetime, log: @escaping @Sendable (String) -> Void
    ) throws(StoreError) {
        try self.init(directory: directory, keys: try KeyRing(sealingWith: key), now: now, sessionLifetime: sessionLifetime, log: log)
    }

    /// As the public initializer, with the `pwrite` call replaceable so tests can fail writes.
    init(
        directory: String, keys: KeyRing, now: @escaping @Sendable () -> Date,
        sessionLifetime: Duration, log: @escaping @Sendable (String) -> Void,
        positionedWrite: @escaping PosixFile.PositionedWrite
    ) throws(StoreError) {
        try DataDirectory.prepare(directory, log: log)
        directoryLock = try DataDirectory.lock(directory)

        let found = try Journal.open(in: directory, keys: keys, positionedWrite: positionedWrite, log: log)
        // Every entry holds at least one record, and most an appended
        // sign-in (a user and a session): tables sized up front grow no
        // more, which was a sixth of replaying 100,000 users.
        var loaded = StoreState(expectedUsers: found.entryCount)
        try found.replay { record, size in loaded.apply(replayed: record, size: size) }
        loaded.forgetExpiredSessions(at: now())
        let sealedWithPreviousKey = found.sealedWith.map { $0 != keys.current.id } ?? false
        if sealedWithPreviousKey, let id = found.sealedWith {
            let users = loaded.userCount == 1 ? "1 user" : "\(loaded.userCount) users"
            log("session store: \(users) and their sessions are sealed with a previous key (id \(id)); "
                + "sealing them again with the encryption key (id \(keys.current.id))")
        }
        if let journal = found.journal, !Self.isWorthCompacting(journalLength: journal.length, liveBytes: loaded.liveBytes) {
            self.journal = journal
            state = Lock(loaded)
        } else {
            let entries: [Journal.Entry]
            (journal, entries) = try Journal.create(
                snapshot: loaded.snapshot(at: now()), in: directory, key: keys.current, positionedWrite: positionedWrite
            )
            state = Lock(StoreState(replaying: entries))
        }
        if !keys.previous.isEmpty {
            log("session store: 0 records left sealed with a previous key; FRAMEAUTH_PREVIOUS_ENCRYPTION_KEYS can be removed")
        }

        self.now = now
        self.sessionLifetime = sessionLifetime.seconds
        self.log = log
    }

    // MARK: Reading

    public nonisolated func user(forSession session: SessionID) -> StoredUser? {
        let now = self.now()
        return state.withLock { $0.user(forSession: session.digest, at: now) }
    }

    public nonisolated func user(id: String) -> StoredUser? {
        state.withLock { $0.heldUser(id: id) }?.user
    }

    public nonisolated func tokensWithoutWaiting(userID id: String) -> TokenLookup? {
        // Decoded outside the lock: a read holds it only for the lookups.
        let (held, ended) = state.withLock { state in
            state.heldUser(id: id).map { ($0, false) } ?? (nil, state.hasEnded(id))
        }
        if let held { return .tokens(held.tokens, binding: held.binding) }
        return ended ? .ended : .unknown
    }

    public nonisolated func hasEnded(_ id: String) -> Bool {
        state.withLock { $0.hasEnded(id) }
    }

    public nonisolated func users() -> [StoredUser] {
        current.allUsers.sorted { $0.profile.id < $1.profile.id }
    }

    /// The state as it is now, for a read of every user or session: copied
    /// under the lock at the cost of a few retains (its tables are shared
    /// until a change copies them), and read outside it, so the token API
    /// never waits while 100,000 users are listed or snapshotted.
    private nonisolated var current: StoreState {
        state.withLock { $0 }
    }

    public nonisolated let location = "data_dir"

    /// None: a journal sealed with a previous key is rewritten with the
    /// current key when the store opens, and every write since uses it.
    public nonisolated func recordsSealedWithPreviousKeys() -> Int { 0 }

    public nonisolated func userCount() -> Int {
        state.withLock { $0.userCount }
    }

    /// Every user, ended user and live browser session, as records: what
    /// `frameauth --import-journal` copies into Redis.
    nonisolated func liveRecords() -> [JournalRecord] {
        current.snapshot(at: now())
    }

    /// Releases `data_dir` for another store (at shutdown, or in tests before
    /// reopening). Every change is already on disk, so nothing is flushed;
    /// later changes throw `StoreError.closed`, reads keep answering.
    public func close() {
        directoryLock = nil
    }

    /// Whether changes can be persisted (`SessionStore`): the store is open, its journal is
    /// still in `data_dir` and the folder takes writes, and no write has
    /// failed since the last good one. After a failed write the journal is
    /// first rewritten from memory, so this turns true again once the disk
    /// recovers (a readiness probe keeps asking).
    public func isWritable() -> Bool {
        guard isOpen, journal.isInPlace else { return false }
        guard journal.needsRewrite else { return true }
        do {
            try compact()
            return true
        } catch {
            return false
        }
    }
}
