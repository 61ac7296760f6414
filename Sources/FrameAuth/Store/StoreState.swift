import FoundationEssentials

/// Users and browser sessions in memory: what replaying the journal yields.
///
/// Also counts the journal bytes of the records still in force (`liveBytes`),
/// which decides when the journal is worth compacting.
struct StoreState {
    private(set) var users: [String: StoredUser] = [:]
    private(set) var sessions: [SessionDigest: BrowserSession] = [:]
    /// Users whose session Frame.io ended; they must sign in again.
    private(set) var endedUsers: Set<String> = []
    private var sessionsByUser: [String: Set<SessionDigest>] = [:]
    private var recordSizes: [Subject: Int] = [:]
    private(set) var liveBytes = 0

    init() {}

    /// The state `records` rebuild, `sizes` being their lengths in the journal.
    init(replaying records: [JournalRecord], sizes: [Int]) {
        for (record, size) in zip(records, sizes) { apply(record, size: size) }
    }

    /// What a live record is about; a later record about the same subject supersedes it.
    private enum Subject: Hashable {
        case user(String)
        case session(SessionDigest)
    }

    /// Applies one journal entry, `size` being its length in the file.
    mutating func apply(_ batch: [JournalRecord], size: Int) {
        for record in batch { apply(record, size: size / max(batch.count, 1)) }
    }

    private mutating func apply(_ record: JournalRecord, size: Int) {
        switch record {
        case .user(let user):
            users[user.profile.id] = user
            endedUsers.remove(user.profile.id)
            setSize(size, of: .user(user.profile.id))
        case .session(let session):
            sessions[session.digest] = session
            sessionsByUser[session.userID, default: []].insert(session.digest)
            setSize(size, of: .session(session.digest))
        case .endSession(let digest):
            removeSession(digest)
        case .deleteUser(let id):
            forget(id)
            endedUsers.remove(id)
            setSize(nil, of: .user(id))
        case .endUser(let id):
            forget(id)
            endedUsers.insert(id)
            setSize(size, of: .user(id))
        }
    }

    private mutating func forget(_ id: String) {
        for digest in sessionsByUser[id] ?? [] { removeSession(digest) }
        users[id] = nil
    }

    /// The user a live session belongs to.
    func user(forSession digest: SessionDigest, at now: Date) -> StoredUser? {
        guard let session = sessions[digest], session.isLive(at: now) else { return nil }
        return users[session.userID]
    }

    func liveSessionCount(at now: Date) -> Int {
        sessions.values.count { $0.isLive(at: now) }
    }

    /// The records that rebuild this state: every user, then every session
    /// still live at `now` whose user is known.
    func snapshot(at now: Date) -> [JournalRecord] {
        let liveSessions = sessions.values.filter { $0.isLive(at: now) && users[$0.userID] != nil }
        return users.values.map(JournalRecord.user) + endedUsers.map { JournalRecord.endUser(id: $0) }
            + liveSessions.map(JournalRecord.session)
    }

    private mutating func removeSession(_ digest: SessionDigest) {
        guard let session = sessions.removeValue(forKey: digest) else { return }
        sessionsByUser[session.userID]?.remove(digest)
        if sessionsByUser[session.userID]?.isEmpty == true { sessionsByUser[session.userID] = nil }
        setSize(nil, of: .session(digest))
    }

    private mutating func setSize(_ size: Int?, of subject: Subject) {
        liveBytes -= recordSizes[subject] ?? 0
        recordSizes[subject] = size
        liveBytes += size ?? 0
    }
}
