import FoundationEssentials

/// A stored user as the journal store keeps them in memory: the id as a
/// string shared with the table's key, the binding shared with every other
/// user of the same app, and everything else (profile, tokens, dates, `sub`)
/// packed as the journal writes it, one allocation where the strings would
/// be six. Read back into a `StoredUser` on each read, which costs well
/// under a microsecond; bench/run's 100,000 users take 17 MiB less.
///
/// It also lists the user's browser sessions, the first inline (most users
/// have one browser), so that ending them all needs no table of its own.
/// Immutable: a change makes a new one, sharing the packed bytes.
final class HeldUser: Sendable {
    let id: String
    let binding: SessionBinding?
    /// The user's share of the journal's bytes (see `StoreState.liveBytes`).
    let size: Int
    private let packed: [UInt8]
    private let firstSession: SessionDigest?
    private let otherSessions: [SessionDigest]

    /// The user's live sessions, in the order they began.
    var sessions: [SessionDigest] { (firstSession.map { [$0] } ?? []) + otherSessions }

    /// The same user with `sessions` as their sessions.
    func with(sessions: [SessionDigest]) -> HeldUser {
        HeldUser(copying: self, sessions: sessions)
    }

    private init(copying other: HeldUser, sessions: [SessionDigest]) {
        (id, binding, size, packed) = (other.id, other.binding, other.size, other.packed)
        firstSession = sessions.first
        otherSessions = Array(sessions.dropFirst())
    }

    init(_ user: StoredUser, size: Int, sessions: [SessionDigest]) {
        id = user.profile.id
        binding = user.binding
        self.size = size
        firstSession = sessions.first
        otherSessions = Array(sessions.dropFirst())
        var writer = ByteWriter()
        JournalRecord.writeFields(of: user, to: &writer)
        writer.write(user.subject)
        // Copied to an array of exactly this size: the writer's has grown
        // by doubling, and would keep up to twice the room. (Through a
        // buffer pointer: an array made from a whole-array slice shares it.)
        packed = writer.bytes.withUnsafeBufferPointer { Array($0) }
    }

    var user: StoredUser {
        var reader = ByteReader(packed)
        do throws(ByteReader.Malformed) {
            var user = try JournalRecord.readFields(id: id, from: &reader)
            user.binding = binding
            user.subject = try reader.readOptionalString()
            return user
        } catch {
            // `init` wrote these very bytes; they cannot be read wrong.
            fatalError("a held user's packed fields do not read back")
        }
    }
}
