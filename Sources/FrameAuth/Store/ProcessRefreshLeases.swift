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
