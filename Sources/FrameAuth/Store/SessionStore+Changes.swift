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

    /// What a change that depends on the tokens a refresh started from came to.
    public enum ConditionalChange: Sendable {
        case done
        /// The user was deleted or ended meanwhile; nothing was written.
        case userGone
        /// The user signed in again meanwhile; nothing was written, and these are the newer tokens.
        case superseded(by: StoredUser)
    }

    /// Replaces a user's tokens after a refresh that started from
    /// `previous`, recording where the new ones came from; only if the user
    /// still holds `previous`, so a refresh that was out while the user
    /// signed in again cannot overwrite the newer sign-in.
    public func updateTokens(userID: String, from previous: TokenSet, to tokens: TokenSet, binding: SessionBinding) throws(StoreError) -> ConditionalChange {
        guard var user = state.user(id: userID) else { return .userGone }
        guard user.tokens.isSameGrant(as: previous) else { return .superseded(by: user) }
        user.tokens = tokens
        user.binding = binding
        user.updatedAt = now()
        try commit([.user(user)])
        return .done
    }

    /// Forgets a user's profile and tokens and ends all of their browser
    /// sessions, in memory and on disk. False when there was no such user.
    @discardableResult
    public func deleteUser(_ id: String) throws(StoreError) -> Bool {
        guard state.user(id: id) != nil || state.hasEnded(id) else { return false }
        try commit([.deleteUser(id: id)])
        return true
    }

    /// Ends a user's session because the provider refused the refresh token
    /// in `refused` (or it is past its life): profile, tokens and browser
    /// sessions are gone from memory and disk; only the id is kept, to answer
    /// that a new sign-in is required. Only if the user still holds `refused`:
    /// a sign-in since then has tokens that still work.
    public func endUser(_ id: String, holding refused: TokenSet) throws(StoreError) -> ConditionalChange {
        guard let user = state.user(id: id) else { return .userGone }
        guard user.tokens.isSameGrant(as: refused) else { return .superseded(by: user) }
        try commit([.endUser(id: id)])
        return .done
    }

    /// Appends `records` to the journal as one entry and only then applies
    /// them in memory, so a failed write leaves memory as it was. A journal
    /// that is no longer the file in `data_dir` (deleted or replaced under
    /// us) is first written anew from memory there: an append to an unlinked
    /// file would be acknowledged and then lost at the next start.
    private func commit(_ records: [JournalRecord]) throws(StoreError) {
        guard isOpen else { throw .closed(path: journal.path) }
        if journal.needsRewrite || !journal.isInPlace { try compact() }
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
