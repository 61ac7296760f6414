import FoundationEssentials

/// The changes `SessionStore` promises, each one durable append to the
/// journal: a sign-in's user, session and ended old session go in one entry.
extension JournalStore {
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
        if let old = old?.digest, old != session.digest, state.withLock({ $0.hasSession(old) }) {
            records.append(.endSession(old))
        }
        try commit(records)
    }

    public func endSession(_ session: SessionID) throws(StoreError) {
        let digest = session.digest
        guard state.withLock({ $0.hasSession(digest) }) else { return }
        try commit([.endSession(digest)])
    }

    public func updateTokens(userID: String, from previous: TokenSet, to tokens: TokenSet, binding: SessionBinding) throws(StoreError) -> StoreChange {
        guard var user = user(id: userID) else { return .userGone }
        guard user.tokens.isSameGrant(as: previous) else { return .superseded(by: user) }
        user.tokens = tokens
        user.binding = binding
        user.updatedAt = now()
        try commit([.user(user)])
        return .done
    }

    @discardableResult
    public func deleteUser(_ id: String) throws(StoreError) -> Bool {
        guard state.withLock({ $0.heldUser(id: id) != nil || $0.hasEnded(id) }) else { return false }
        try commit([.deleteUser(id: id)])
        return true
    }

    public func endUser(_ id: String, holding refused: TokenSet) throws(StoreError) -> StoreChange {
        guard let user = user(id: id) else { return .userGone }
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
        let liveBytes = state.withLock { state in
            state.apply(records, size: size)
            return state.liveBytes
        }

        if Self.isWorthCompacting(journalLength: journal.length, liveBytes: liveBytes) {
            // The change is already durable; a failed compaction only leaves
            // the longer journal in place, so report it without failing the call.
            do { try compact() } catch { log("session store: compacting \(journal.path) failed: \(error)") }
        }
    }

    /// Rewrites the journal as a snapshot of what is live, leaving expired
    /// sessions behind.
    func compact() throws(StoreError) {
        // Only the actor changes `state`, so nothing changes between the
        // snapshot and the replacement; readers meanwhile see the old state.
        let snapshot = liveRecords()
        var replaced = StoreState(replaying: try journal.rewrite(snapshot))
        // Swapped, so the old state is freed after the lock, not under it.
        state.withLock { swap(&$0, &replaced) }
    }
}
