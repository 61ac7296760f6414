import FoundationEssentials

/// Copying a single instance's journal into Redis (`frameauth --import-journal`).
extension RedisStore {
    /// How many records of each kind were written, and how many Redis already knew.
    public struct ImportCounts: Sendable, Equatable, CustomStringConvertible {
        public var users = 0, usersKept = 0, sessions = 0, sessionsSkipped = 0, endedUsers = 0

        public var description: String {
            "\(users) users (\(usersKept) already in Redis, kept as they are), \(sessions) browser sessions "
                + "(\(sessionsSkipped) skipped), \(endedUsers) ended sessions"
        }
    }

    /// Writes `records` (a journal's live records: users first, then
    /// sessions) where Redis has nothing yet; idempotent.
    func importRecords(_ records: [JournalRecord]) async throws(StoreError) -> ImportCounts {
        // Registered before anything is sealed with it, as every replica
        // does at start: a replica's start-up check relies on it.
        _ = try await eval(RedisScripts.registerCurrentKey, keys: [RedisKeys.encryptionKeys],
                           arguments: [Array(sealer.keys.current.id.description.utf8)])
        var counts = ImportCounts()
        let now = self.now()
        for record in records {
            switch record {
            case .user(let user):
                let id = user.profile.id
                let key = RedisKeys.user(id)
                let written = try await eval(RedisScripts.importUser, keys: [key, RedisKeys.users, RedisKeys.ended(id)],
                                             arguments: [try seal(.user(user), under: key), Array(id.utf8), Self.newVersion()])
                if try written.integerAsStore() == 1 { counts.users += 1 } else { counts.usersKept += 1 }
            case .session(let session):
                let left = Int((session.expiresAt.timeIntervalSince(now) * 1000).rounded(.down))
                let key = RedisKeys.session(session.digest)
                guard left > 0 else { counts.sessionsSkipped += 1; continue }
                let written = try await eval(
                    RedisScripts.importSession,
                    keys: [key, RedisKeys.sessionsOfUser(session.userID), RedisKeys.user(session.userID)],
                    arguments: [try seal(.session(session), under: key), Array(String(left).utf8)])
                if try written.integerAsStore() == 1 { counts.sessions += 1 } else { counts.sessionsSkipped += 1 }
            case .endUser(let id):
                let written = try await eval(RedisScripts.importEndedUser, keys: [RedisKeys.ended(id), RedisKeys.user(id)], arguments: [])
                if try written.integerAsStore() == 1 { counts.endedUsers += 1 }
            case .endSession, .deleteUser:
                // A snapshot holds neither: they only undo records it left out.
                break
            }
        }
        return counts
    }
}
