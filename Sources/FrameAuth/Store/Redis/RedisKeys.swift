/// The names FrameAuth keeps in Redis, all under `frameauth:`. None holds a
/// secret: a user is keyed by their Frame.io id, a browser session by the
/// SHA-256 of its cookie (`SessionDigest`), never by the cookie itself.
///
/// The scripts read keys that are not all declared up front (a user's
/// session keys come from their set), so Redis Cluster, which needs every
/// key declared and in one slot, is not supported; one primary with
/// replicas (and Sentinel) is.
enum RedisKeys {
    static let prefix = "frameauth:"

    /// A hash: `record` (the sealed `StoredUser`) and `version`, which every
    /// write of the record replaces with a random value; fenced writes compare it.
    static func user(_ id: String) -> String { prefix + "user:" + id }

    /// A set holding the key of every browser session of the user's.
    static func sessionsOfUser(_ id: String) -> String { prefix + "user-sessions:" + id }

    /// Present while the provider's refusal of the user's refresh token is
    /// the last thing known of them (`hasEnded`).
    static func ended(_ id: String) -> String { prefix + "ended:" + id }

    /// The sealed `BrowserSession`, expiring with it.
    static func session(_ digest: SessionDigest) -> String {
        prefix + "session:" + Hex.encode(digest.bytes)
    }

    /// Held, with a random owner value, by the replica refreshing the user's tokens.
    static func refreshLease(_ id: String) -> String { prefix + "refresh-lease:" + id }

    /// A sealed sign-in in progress, named by the SHA-256 of its `state`.
    static func pendingAttempt(stateDigest: [UInt8]) -> String { prefix + "pending:" + Hex.encode(stateDigest) }

    /// The keys of one client's sign-ins in progress, oldest first; named by
    /// the SHA-256 of the client's address block, never the address.
    static func pendingAttempts(ofClient digest: [UInt8]) -> String { prefix + "pending-of:" + Hex.encode(digest) }

    /// The keys of everyone's sign-ins in progress, oldest first.
    static let pendingAttempts = prefix + "pending-all"

    /// A set of the ids of every user whose tokens are held.
    static let users = prefix + "users"

    /// The ids of the encryption keys replicas have sealed with, scored by
    /// when each was first seen: the newest is the one values are sealed
    /// again with (`RedisKeyRotation`).
    static let encryptionKeys = prefix + "encryption-keys"

    /// Written by the readiness probe: a replica that can write this can write sign-ins.
    static let readinessProbe = prefix + "readiness-probe"
}
