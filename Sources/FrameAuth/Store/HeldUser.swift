import FoundationEssentials

/// A stored user as the journal store keeps them in memory: the id as a
/// string shared with the table's key, the binding shared with every other
/// user of the same app, and everything else (profile, tokens, dates, `sub`)
/// packed as the journal writes it, one allocation where the strings would
/// be six. Read back into a `StoredUser` on each read, which costs well
/// under a microsecond; bench/run's 100,000 users take 17 MiB less.
///
/// It also holds the user's first browser session (most users have one
/// browser; `StoreState` lists the others), so that ending a user's
/// sessions needs no table for most users. Immutable: a change makes a new
/// one, sharing the packed bytes.
final class HeldUser: Sendable {
    let id: String
    let binding: SessionBinding?
    /// The user's share of the journal's bytes (see `StoreState.liveBytes`).
    let size: Int
    let firstSession: SessionDigest?
    private let packed: [UInt8]

    /// The same user with `firstSession` as their first session.
    func with(firstSession: SessionDigest?) -> HeldUser {
        HeldUser(copying: self, firstSession: firstSession)
    }

    private init(copying other: HeldUser, firstSession: SessionDigest?) {
        (id, binding, size, packed) = (other.id, other.binding, other.size, other.packed)
        self.firstSession = firstSession
    }

    init(_ user: StoredUser, size: Int, firstSession: SessionDigest?) {
        id = user.profile.id
        binding = user.binding
        self.size = size
        self.firstSession = firstSession
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
