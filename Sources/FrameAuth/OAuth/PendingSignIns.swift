import FoundationEssentials

/// Where sign-ins wait between /login and their callback: in this process
/// (`PendingLogins`), or in Redis when replicas share the store, since the
/// callback may land on another replica than its /login.
protocol PendingSignIns: Sendable {
    /// Registers `attempt` under `state`.
    func register(state: String, attempt: LoginAttempt, now: Date) async throws(StoreError)

    /// Takes the attempt for `state` out, whatever the outcome: a state that
    /// was presented once is used up, even by the wrong browser.
    func take(state: String?, browserBinding: BrowserBinding?, now: Date) async throws(StoreError) -> Result<LoginAttempt, StateRejection>
}
