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
    /// write of the record increments; fenced writes compare it.
    static func user(_ id: String) -> String { prefix + "user:" + id }

    /// A set holding the key of every browser session of the user's.
    static func sessionsOfUser(_ id: String) -> String { prefix + "user-sessions:" + id }

    /// Present while the provider's refusal of the user's refresh token is
    /// the last thing known of them (`hasEnded`).
    static func ended(_ id: String) -> String { prefix + "ended:" + id }

    /// The sealed `BrowserSession`, expiring with it.
    static func session(_ digest: SessionDigest) -> String {
        prefix + "session:" + digest.bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }

    /// A set of the ids of every user whose tokens are held.
    static let users = prefix + "users"

    /// Written by the readiness probe: a replica that can write this can write sign-ins.
    static let readinessProbe = prefix + "readiness-probe"
}

private extension String {
    func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}
