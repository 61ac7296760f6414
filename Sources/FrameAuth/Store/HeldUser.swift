/// A stored user as the journal store's table holds them: packed (see
/// `PackedUser`), with their share of the journal's bytes and their first
/// browser session. Read back into a `StoredUser` on each read, which costs
/// well under a microsecond; bench/run's 100,000 users take 17 MiB less.
///
/// The first session is here because most users have one browser
/// (`StoreState` lists the others), so ending a user's sessions needs no
/// table for most users. Immutable: a change makes a new one, sharing the
/// packed bytes.
final class HeldUser: Sendable {
    private let packed: PackedUser
    /// The user's share of the journal's bytes (see `StoreState.liveBytes`).
    let size: Int
    let firstSession: SessionDigest?

    init(_ packed: PackedUser, size: Int, firstSession: SessionDigest?) {
        self.packed = packed
        self.size = size
        self.firstSession = firstSession
    }

    /// The same user with `firstSession` as their first session.
    func with(firstSession: SessionDigest?) -> HeldUser {
        HeldUser(packed, size: size, firstSession: firstSession)
    }

    var id: String { packed.id }

    var user: StoredUser { packed.user }

    var tokens: TokenSet { packed.tokens }

    var binding: SessionBinding? { packed.binding }
}
