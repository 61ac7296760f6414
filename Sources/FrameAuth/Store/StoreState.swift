import FoundationEssentials

/// Users and browser sessions in memory: what replaying the journal yields.
///
/// Also counts the journal bytes of the records still in force (`liveBytes`),
/// which decides when the journal is worth compacting. Each record in force
/// is kept with its size, so replaying one costs a dictionary update or two
/// (a user's first session also replaces the user's entry): start-up
/// replays every record in the journal.
struct StoreState: Sendable {
    /// A session and its share of the journal's bytes. A class, as
    /// `HeldUser` is, so a table slot holds one reference: the tables keep
    /// spare slots, up to four for every three records in use.
    private final class HeldSession: Sendable {
        let session: BrowserSession
        let size: Int

        init(_ session: BrowserSession, size: Int) {
            self.session = session
            self.size = size
        }
    }

    private var users: [String: HeldUser] = [:]
    private var sessions: [SessionDigest: HeldSession] = [:]
    /// Each user's sessions after the first (which `HeldUser` holds), for
    /// the few users signed in on more than one browser; appended to in
    /// place, so a user with thousands of sessions replays in linear time.
    private var laterSessions: [String: [SessionDigest]] = [:]
    /// Users whose session Frame.io ended (they must sign in again), with
    /// the size of that record.
    private var endedUsers: [String: Int] = [:]
    private(set) var liveBytes = 0
    /// The binding every user of one app shares, kept once (a journal
    /// replays a new copy of it per record).
    private var sharedBinding: SessionBinding?
    private var lastUserID = ""

    /// An empty state with room for `expectedUsers` users and sessions.
    init(expectedUsers: Int = 0) {
        users.reserveCapacity(expectedUsers)
        sessions.reserveCapacity(expectedUsers)
    }

    /// The state the journal's `entries` rebuild, applied in order.
    init(replaying entries: [Journal.Entry]) {
        // Tables sized up front: growing them one doubling at a time was a
        // third of replaying 100,000 users. A user record per user is the
        // usual case; superseded ones only make this generous.
        var userRecords = 0
        var sessionRecords = 0
        for (batch, _) in entries {
            for record in batch {
                if case .user = record { userRecords += 1 } else if case .session = record { sessionRecords += 1 }
            }
        }
        users.reserveCapacity(userRecords)
        sessions.reserveCapacity(sessionRecords)
        for (batch, size) in entries { apply(batch, size: size) }
    }

    // MARK: Reading

    /// The user as held; read it (`.user`) outside the store's lock.
    func heldUser(id: String) -> HeldUser? {
        users[id]
    }

    var userCount: Int { users.count }

    var allUsers: [StoredUser] { users.values.map(\.user) }

    func hasEnded(_ id: String) -> Bool {
        endedUsers[id] != nil
    }

    func hasSession(_ digest: SessionDigest) -> Bool {
        sessions[digest] != nil
    }

    /// The user a live session belongs to.
    func user(forSession digest: SessionDigest, at now: Date) -> StoredUser? {
        guard let session = sessions[digest]?.session, session.isLive(at: now) else { return nil }
        return users[session.userID]?.user
    }

    /// The records that rebuild this state: every user, every ended user,
    /// then every session still live at `now` whose user is known.
    func snapshot(at now: Date) -> [JournalRecord] {
        let liveSessions = sessions.values.lazy.map(\.session).filter { $0.isLive(at: now) && users[$0.userID] != nil }
        return users.values.map { JournalRecord.user($0.user) } + endedUsers.keys.map { JournalRecord.endUser(id: $0) }
            + liveSessions.map(JournalRecord.session)
    }

    // MARK: Changing

    /// Applies one journal entry, `size` being its length in the file (each
    /// record is counted an equal share of it).
    mutating func apply(_ batch: [JournalRecord], size: Int) {
        for record in batch { apply(record, size: size / max(batch.count, 1)) }
    }

    /// Applies one record read at start-up, `size` being its share of its entry.
    mutating func apply(replayed record: ReplayedRecord, size: Int) {
        switch record {
        case .packedUser(let user): store(user, size: size)
        case .decoded(let record): apply(record, size: size)
        }
    }

    private mutating func apply(_ record: JournalRecord, size: Int) {
        switch record {
        case .user(let user):
            store(PackedUser(user), size: size)
        case .session(var session):
            // A sign-in's session follows its user in one entry: keep the
            // user's id once, not again per session.
            if session.userID == lastUserID { session.userID = lastUserID }
            if let replaced = sessions.updateValue(HeldSession(session, size: size), forKey: session.digest) {
                liveBytes -= replaced.size
                unindex(replaced.session)
            }
            liveBytes += size
            // A session comes in one entry with its user (a sign-in), so the
            // user is there. Found once and replaced at that index: start-up
            // does this per user, and each lookup hashes the id.
            if let index = users.index(forKey: session.userID) {
                let held = users.values[index]
                if held.firstSession == nil {
                    users.values[index] = held.with(firstSession: session.digest)
                } else {
                    laterSessions[session.userID, default: []].append(session.digest)
                }
            }
        case .endSession(let digest):
            removeSession(digest)
        case .deleteUser(let id):
            forget(id)
            liveBytes -= endedUsers.removeValue(forKey: id) ?? 0
        case .endUser(let id):
            forget(id)
            liveBytes += size - (endedUsers.updateValue(size, forKey: id) ?? 0)
        }
    }

    /// Adds a user or replaces their profile and tokens, keeping their sessions.
    private mutating func store(_ user: PackedUser, size: Int) {
        var user = user
        if let binding = user.binding {
            if binding == sharedBinding { user.binding = sharedBinding } else { sharedBinding = binding }
        }
        lastUserID = user.id
        // Stored before the old entry is known, so a new user (every user at
        // start-up) costs one lookup; a user already held keeps their first session.
        let held = HeldUser(user, size: size, firstSession: nil)
        if let replaced = users.updateValue(held, forKey: user.id) {
            liveBytes -= replaced.size
            if let firstSession = replaced.firstSession { users[user.id] = held.with(firstSession: firstSession) }
        }
        liveBytes += size
        // Skipped when empty: replaying a large journal does this per record.
        if !endedUsers.isEmpty { liveBytes -= endedUsers.removeValue(forKey: user.id) ?? 0 }
    }

    /// Forgets sessions that have expired. Their bytes in the journal stop
    /// counting as live, so the next compaction drops them from the file too.
    mutating func forgetExpiredSessions(at now: Date) {
        for (digest, held) in sessions where !held.session.isLive(at: now) { removeSession(digest) }
    }

    /// Removes a user's profile, tokens and browser sessions.
    private mutating func forget(_ id: String) {
        guard let held = users.removeValue(forKey: id) else { return }
        for digest in (held.firstSession.map { [$0] } ?? []) + (laterSessions.removeValue(forKey: id) ?? []) {
            liveBytes -= sessions.removeValue(forKey: digest)?.size ?? 0
        }
        liveBytes -= held.size
    }

    private mutating func removeSession(_ digest: SessionDigest) {
        guard let removed = sessions.removeValue(forKey: digest) else { return }
        liveBytes -= removed.size
        unindex(removed.session)
    }

    private mutating func unindex(_ session: BrowserSession) {
        let id = session.userID
        guard let held = users[id] else { return }
        if held.firstSession == session.digest {
            // The next session, if any, becomes the first.
            let next = laterSessions[id]?.first
            if next != nil { laterSessions[id]?.removeFirst() }
            users[id] = held.with(firstSession: next)
        } else {
            laterSessions[id]?.removeAll { $0 == session.digest }
        }
        if laterSessions[id]?.isEmpty == true { laterSessions[id] = nil }
    }
}
