import FoundationEssentials

/// A user as the store has them: stored, ended (they must sign in again),
/// or never seen or deleted.
public enum UserLookup: Sendable {
    case user(StoredUser)
    case ended
    case unknown
}
