/// Who may refresh a user's tokens now. With refresh tokens that rotate, two
/// refreshes from one token look like theft to the provider, so one replica
/// at a time refreshes a user; the others wait for its result.
public protocol RefreshLeases: Sendable {
    /// How long a lease lasts unless renewed: the longest a replica that
    /// died mid-refresh holds its user up.
    var duration: Duration { get }

    /// The lease on `userID`'s refresh, or nil while someone else holds it.
    func acquire(_ userID: String) async throws(StoreError) -> (any RefreshLease)?
}
