/// One change to the store, as appended to the journal. Replaying them in
/// order rebuilds the state; a snapshot is just the `user`, `endUser` and
/// `session` records of everything live.
///
/// Written in the binary encoding of `JournalRecord+Binary.swift`. The
/// `Decodable` conformances here and on the types it holds read journals of
/// format 1, which held JSON.
enum JournalRecord: Sendable, Decodable {
    /// Adds a user or replaces their profile and tokens.
    case user(StoredUser)
    /// Adds a browser session.
    case session(BrowserSession)
    /// Ends one browser session (sign-out, or replaced at the next sign-in).
    case endSession(SessionDigest)
    /// Forgets a user and ends all of their browser sessions.
    case deleteUser(id: String)
    /// Frame.io refused the user's refresh token: forgets their profile and
    /// tokens and ends their browser sessions, but remembers the id, so the
    /// integrator hears "login required" rather than "unknown user".
    case endUser(id: String)
}
