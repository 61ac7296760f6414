/// What a change that depends on the tokens a refresh started from came to.
public enum StoreChange: Sendable {
    case done
    /// The user was deleted or ended meanwhile; nothing was written.
    case userGone
    /// The user signed in again meanwhile; nothing was written, and these are the newer tokens.
    case superseded(by: StoredUser)
}
