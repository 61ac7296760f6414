import FoundationEssentials

/// Where signed-in users, their tokens and their browsers' sessions live:
/// the journal in `data_dir` for one instance (`JournalStore`), or Redis
/// shared by replicas. Nothing above the store knows which it has.
///
/// Every change is durable when the call returns, and a change that fails
/// leaves the store as it was. Reads throw only where the store is remote
/// and out of reach; the journal, held in memory, always answers.
public protocol SessionStore: Sendable {
    /// The user a browser's session belongs to; nil when the session is
    /// unknown, ended or expired.
    func user(forSession session: SessionID) async throws(StoreError) -> StoredUser?

    func user(id: String) async throws(StoreError) -> StoredUser?

    /// What the store knows of the user's tokens when it can say at once,
    /// from this process's memory; nil when it would have to wait (a remote
    /// store), and the caller asks `user(id:)` instead.
    func tokensWithoutWaiting(userID: String) -> TokenLookup?

    /// Whether `endUser` ended this user's session (their refresh token was
    /// refused, or passed its life) and they have not signed in since: the
    /// API then answers 409 login_required rather than 404.
    func hasEnded(_ id: String) async throws(StoreError) -> Bool

    /// Every stored user, ordered by id.
    func users() async throws(StoreError) -> [StoredUser]

    /// Users whose tokens are held: signed in, and neither ended nor deleted.
    func userCount() async throws(StoreError) -> Int

    /// Stores a sign-in: replaces the user's profile and tokens (keyed by
    /// Frame.io user id), starts `newSession` for this browser, and ends the
    /// browser's previous session if it had one, so every sign-in gets a new
    /// cookie (no session fixation). All of it or nothing.
    func signIn(
        profile: UserProfile, tokens: TokenSet, binding: SessionBinding, subject: String?,
        newSession: SessionID, replacing old: SessionID?
    ) async throws(StoreError)

    /// Ends a browser's session (sign-out). Unknown sessions are ignored.
    func endSession(_ session: SessionID) async throws(StoreError)

    /// Replaces a user's tokens after a refresh that started from
    /// `previous`, recording where the new ones came from; only if the user
    /// still holds `previous`, so a refresh that was out while the user
    /// signed in again cannot overwrite the newer sign-in.
    func updateTokens(userID: String, from previous: TokenSet, to tokens: TokenSet, binding: SessionBinding)
        async throws(StoreError) -> StoreChange

    /// Forgets a user's profile and tokens and ends all of their browser
    /// sessions. False when there was no such user.
    @discardableResult
    func deleteUser(_ id: String) async throws(StoreError) -> Bool

    /// Ends a user's session because the provider refused the refresh token
    /// in `refused` (or it is past its life): profile, tokens and browser
    /// sessions are gone; only the id is kept, to answer that a new sign-in
    /// is required. Only if the user still holds `refused`: a sign-in since
    /// then has tokens that still work.
    func endUser(_ id: String, holding refused: TokenSet) async throws(StoreError) -> StoreChange

    /// Whether changes can be persisted now (`/readyz`).
    func isWritable() async -> Bool

    /// Records still sealed with a previous encryption key, which needs
    /// that key until they are sealed again with the current one
    /// (CONTRACT §9, `frameauth_records_sealed_with_previous_keys`).
    func recordsSealedWithPreviousKeys() async throws(StoreError) -> Int

    /// Where changes are persisted, for an operator: `data_dir` or `Redis`.
    var location: String { get }

    /// Releases what the store holds (at shutdown); later changes throw.
    func close() async
}
