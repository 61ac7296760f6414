import FoundationEssentials

extension SessionStore {
    /// Stores a sign-in: replaces the user's profile and tokens (keyed by
    /// Frame.io user id), starts `newSession` for this browser, and ends the
    /// browser's previous session if it had one, so every sign-in gets a new
    /// cookie (no session fixation). All of it is one durable append.
    public func signIn(
        profile: UserProfile, tokens: TokenSet, binding: SessionBinding, subject: String?,
        newSession: SessionID, replacing old: SessionID?
    ) throws(StoreError) {
        let now = self.now()
        let session = BrowserSession(
            digest: newSession.digest, userID: profile.id, createdAt: now, expiresAt: now + sessionLifetime
        )
        var records: [JournalRecord] = [
            .user(StoredUser(profile: profile, tokens: tokens, updatedAt: now, binding: binding, subject: subject)),
            .session(session),
        ]
        if let old = old?.digest, old != session.digest, state.hasSession(old) {
            records.append(.endSession(old))
        }
        try commit(records)
    }

    /// Ends a browser's session (sign-out). Unknown sessions are ignored.
    public func endSession(_ session: SessionID) throws(StoreError) {
        let digest = session.digest
        guard state.hasSession(digest) else { return }
        try commit([.endSession(digest)])
    }

    /// Replaces a user's tokens after a refresh, recording where they came
    /// from. False, with nothing written, when the user no longer exists
    /// (deleted while the refresh was out).
    @discardableResult
    public func updateTokens(userID: String, tokens: TokenSet, binding: SessionBinding) throws(StoreError) -> Bool {
        guard var user = state.user(id: userID) else { return false }
        user.tokens = tokens
        user.binding = binding
        user.updatedAt = now()
        try commit([.user(user)])
        return true
    }

    /// Forgets a user's profile and tokens and ends all of their browser
    /// sessions, in memory and on disk. False when there was no such user.
    @discardableResult
    public func deleteUser(_ id: String) throws(StoreError) -> Bool {
        guard state.user(id: id) != nil || state.hasEnded(id) else { return false }
        try commit([.deleteUser(id: id)])
        return true
    }

    /// Ends a user's session because Frame.io refused their refresh token:
    /// profile, tokens and browser sessions are gone from memory and disk;
    /// only the id is kept, to answer that a new sign-in is required.
    public func endUser(_ id: String) throws(StoreError) {
        guard state.user(id: id) != nil else { return }
        try commit([.endUser(id: id)])
    }

    /// Appends `records` to the journal as one entry and only then applies
    /// them in memory, so a failed write leaves memory as it was.
    private func commit(_ records: [JournalRecord]) throws(StoreError) {
        guard isOpen else { throw .closed(path: journal.path) }
        if journal.needsRewrite { try compact() }
        let size = try journal.append(records)
        state.apply(records, size: size)

        if Self.isWorthCompacting(journalLength: journal.length, liveBytes: state.liveBytes) {
            // The change is already durable; a failed compaction only leaves
            // the longer journal in place, so report it without failing the call.
            do { try compact() } catch { log("session store: compacting \(journal.path) failed: \(error)") }
        }
    }

    /// Rewrites the journal as a snapshot of what is live, leaving expired
    /// sessions behind.
    func compact() throws(StoreError) {
        let snapshot = state.snapshot(at: now())
        state = StoreState(replaying: try journal.rewrite(snapshot))
    }
}
