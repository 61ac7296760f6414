/// A held lease; renew it while the token call runs, release it after.
public protocol RefreshLease: Sendable {
    /// Extends the lease by its duration; false when it had lapsed (someone
    /// else may hold it now).
    func renew() async -> Bool

    func release() async
}
