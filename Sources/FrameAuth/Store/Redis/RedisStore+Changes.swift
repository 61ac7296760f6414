import FoundationEssentials

/// The changes `SessionStore` promises, each one script that Redis runs
/// atomically. Those that depend on the tokens a refresh started from are
/// fenced: they read the user's version, check the tokens, and write only if
/// the version has not moved since, so a replica that was paused or cut off
/// past its lease cannot overwrite newer tokens.
extension RedisStore {
    public func signIn(
        profile: UserProfile, tokens: TokenSet, binding: SessionBinding, subject: String?,
        newSession: SessionID, replacing old: SessionID?
    ) async throws(StoreError) {
        let now = self.now()
        let id = profile.id
        let sessionKey = RedisKeys.session(newSession.digest)
        let session = BrowserSession(
            digest: newSession.digest, userID: id, createdAt: now,
            expiresAt: now + sessionLifetime
        )
        let user = StoredUser(profile: profile, tokens: tokens, updatedAt: now, binding: binding, subject: subject)
        let userKey = RedisKeys.user(id)
        _ = try await eval(
            RedisScripts.signIn,
            keys: [userKey, RedisKeys.sessionsOfUser(id), RedisKeys.users, RedisKeys.ended(id), sessionKey,
                   old.map { RedisKeys.session($0.digest) } ?? sessionKey],
            arguments: [try seal(.user(user), under: userKey), try seal(.session(session), under: sessionKey),
                        Array(String(Int(sessionLifetime * 1000)).utf8), Array(id.utf8), Self.newVersion()]
        )
    }

    public func endSession(_ session: SessionID) async throws(StoreError) {
        // The key stays in its user's session set until their next sign-in
        // or deletion sweeps it: a key that no longer exists matches nothing.
        _ = try await call("DEL", [RedisKeys.session(session.digest)])
    }

    public func updateTokens(userID: String, from previous: TokenSet, to tokens: TokenSet, binding: SessionBinding)
        async throws(StoreError) -> StoreChange {
        guard let (stored, version) = try await versionedUser(userID) else { return .userGone }
        guard stored.tokens.isSameGrant(as: previous) else { return .superseded(by: stored) }
        var user = stored
        user.tokens = tokens
        user.binding = binding
        user.updatedAt = now()
        let key = RedisKeys.user(userID)
        let written = try await eval(RedisScripts.replaceUserIfVersion, keys: [key],
                                     arguments: [version, try seal(.user(user), under: key), Self.newVersion()])
        guard try written.integerAsStore() == 1 else { return try await outcomeAfterLosingTheRace(userID) }
        return .done
    }

    @discardableResult
    public func deleteUser(_ id: String) async throws(StoreError) -> Bool {
        let existed = try await eval(RedisScripts.deleteUser, keys: userKeys(id), arguments: [Array(id.utf8)])
        return try existed.integerAsStore() > 0
    }

    public func endUser(_ id: String, holding refused: TokenSet) async throws(StoreError) -> StoreChange {
        guard let (stored, version) = try await versionedUser(id) else { return .userGone }
        guard stored.tokens.isSameGrant(as: refused) else { return .superseded(by: stored) }
        let ended = try await eval(RedisScripts.endUserIfVersion, keys: userKeys(id), arguments: [version, Array(id.utf8)])
        guard try ended.integerAsStore() == 1 else { return try await outcomeAfterLosingTheRace(id) }
        return .done
    }

    /// The user's record, session set, the users set and their ended marker.
    private func userKeys(_ id: String) -> [String] {
        [RedisKeys.user(id), RedisKeys.sessionsOfUser(id), RedisKeys.users, RedisKeys.ended(id)]
    }

    /// Another write landed between reading the version and the fenced
    /// write: whatever it wrote is newer than what this call had.
    private func outcomeAfterLosingTheRace(_ id: String) async throws(StoreError) -> StoreChange {
        guard let (newer, _) = try await versionedUser(id) else { return .userGone }
        return .superseded(by: newer)
    }
}
