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

/// A held lease; renew it while the token call runs, release it after.
public protocol RefreshLease: Sendable {
    /// Extends the lease by its duration; false when it had lapsed (someone
    /// else may hold it now).
    func renew() async -> Bool

    func release() async
}

/// One instance needs no lease: `TokenService` already sends one refresh
/// per user at a time within the process.
struct ProcessRefreshLeases: RefreshLeases {
    private struct Lease: RefreshLease {
        func renew() async -> Bool { true }
        func release() async {}
    }

    var duration: Duration { .seconds(10) }

    func acquire(_ userID: String) async throws(StoreError) -> (any RefreshLease)? { Lease() }
}
