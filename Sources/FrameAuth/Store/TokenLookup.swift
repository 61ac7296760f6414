import FoundationEssentials

/// A user's tokens as the store has them: held, with the binding they were
/// issued under; ended (the user must sign in again); or never seen or
/// deleted.
public enum TokenLookup: Sendable {
    case tokens(TokenSet, binding: SessionBinding?)
    case ended
    case unknown
}
