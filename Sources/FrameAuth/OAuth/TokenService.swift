import FoundationEssentials
import HTTPServer

/// Hands out access tokens that are valid, refreshing them first when they
/// expire within the skew (CONTRACT §4), and withdraws them (CONTRACT §5, §7).
///
/// Single flight: however many callers ask at once for one user, one refresh
/// request goes out and all of them get its result; different users never
/// wait on each other. Within the process a task per user does this; across
/// replicas a lease in the shared store (`RefreshLeases`), while the others
/// wait for its result. Tokens go only back to the provider that issued them.
final class TokenService: Sendable {
    enum Failure: Error, Sendable, Equatable {
        case unknownUser
        /// The session ended (refresh token refused or past its life, or
        /// issued under another provider or app): sign in again.
        case loginRequired
        /// A passing failure (time-out, 5xx, network): nothing was changed.
        case unavailable
        /// The session store could not be read or written: nothing was changed.
        case storeUnavailable
    }

    private let store: any SessionStore
    private let leases: any RefreshLeases
    private let provider: Provider
    private let lifetimes: TokenLifetimes
    private let now: @Sendable () -> Date
    private let metrics: OAuthMetrics
    private let log: @Sendable (String) -> Void
    /// Where tokens handed out or refreshed here must have come from.
    private let binding: SessionBinding
    private let inFlight = Lock<[String: Task<Result<TokenSet, Failure>, Never>]>([:])

    init(store: any SessionStore, leases: any RefreshLeases = ProcessRefreshLeases(), provider: Provider, lifetimes: TokenLifetimes,
         now: @escaping @Sendable () -> Date, metrics: OAuthMetrics, log: @escaping @Sendable (String) -> Void) {
        self.store = store
        self.leases = leases
        self.provider = provider
        self.lifetimes = lifetimes
        self.now = now
        self.metrics = metrics
        self.log = log
        binding = provider.settings.sessionBinding
    }

    /// The user's tokens, refreshed first if the access token is due.
    func validTokens(for userID: String) async -> Result<TokenSet, Failure> {
        let tokens: TokenSet
        switch await storedTokens(userID) {
        case .success(let found): tokens = found
        case .failure(let failure): return .failure(failure)
        }
        guard isDue(tokens) else { return .success(tokens) }
        let refresh = inFlight.withLock { running in
            if let task = running[userID] { return task }
            let task = Task { await self.refresh(userID) }
            running[userID] = task
            return task
        }
        return await refresh.value
    }

    /// The user's tokens when they can be handed out at once: the store has
    /// the user in memory and the access token is not due. Nil when that
    /// cannot be said without waiting (a remote store, a refresh due): ask
    /// `validTokens(for:)`.
    func tokensWithoutWaiting(for userID: String) -> Result<TokenSet, Failure>? {
        guard let lookup = store.tokensWithoutWaiting(userID: userID) else { return nil }
        switch usable(lookup) {
        case .success(let tokens): return isDue(tokens) ? nil : .success(tokens)
        case .failure(let failure): return .failure(failure)
        }
    }

    /// Withdraws FrameAuth's access to a user's account: forgets their tokens
    /// and ends every browser session of theirs, durably, then revokes the
    /// tokens at the provider, best effort (a failure is logged and counted,
    /// and nothing is kept). False when there was no such user.
    func withdraw(_ userID: String) async throws(StoreError) -> Bool {
        // A refresh in flight would rotate the tokens about to be revoked: let it land first.
        if let running = inFlight.withLock({ $0[userID] }) { _ = await running.value }
        let user = try await store.user(id: userID)
        guard try await store.deleteUser(userID) else { return false }
        // Tokens from another provider or app are never sent anywhere, revocation included.
        guard let user, user.tokensBelong(to: binding), let revocation = provider.revocation else { return true }
        do {
            try await revocation.revoke(user.tokens)
            metrics.revocations.increment(.success)
        } catch {
            log("revoking the tokens of user \(userID) failed (they are forgotten here all the same): \(error)")
            metrics.revocations.increment(.failed)
        }
        return true
    }

    /// The user's tokens, if the store holds tokens for them that this app may use.
    private func storedTokens(_ userID: String) async -> Result<TokenSet, Failure> {
        do {
            if let user = try await store.user(id: userID) { return usable(.tokens(user.tokens, binding: user.binding)) }
            return usable(try await store.hasEnded(userID) ? .ended : .unknown)
        } catch {
            log("reading user \(userID) from the session store failed: \(error)")
            return .failure(.storeUnavailable)
        }
    }

    private func usable(_ lookup: TokenLookup) -> Result<TokenSet, Failure> {
        switch lookup {
        case .tokens(let tokens, let stored):
            SessionBinding.tokens(storedUnder: stored, belongTo: binding) ? .success(tokens) : .failure(.loginRequired)
        case .ended: .failure(.loginRequired)
        case .unknown: .failure(.unknownUser)
        }
    }

    /// Without a refresh token nothing can renew the access token, so it is
    /// handed out until it expires (an app without refresh tokens, CONTRACT §7).
    private func isDue(_ tokens: TokenSet) -> Bool {
        let remaining = tokens.expiresAt.timeIntervalSince(now())
        return tokens.refreshToken == nil ? remaining <= 0 : remaining <= lifetimes.refreshSkew
    }

    private func refresh(_ userID: String) async -> Result<TokenSet, Failure> {
        defer { inFlight.withLock { $0[userID] = nil } }
        // Long enough for a holder that died to lose its lease, and for a
        // live one to finish its token call.
        let deadline = ContinuousClock.now + leases.duration * 3
        while true {
            // Read again: a refresh that just finished, here or on another
            // replica, may have made this one unnecessary.
            switch await storedTokens(userID) {
            case .success(let tokens) where !isDue(tokens): return .success(tokens)
            case .success: break
            case .failure(let failure): return .failure(failure)
            }
            let lease: (any RefreshLease)?
            do { lease = try await leases.acquire(userID) } catch {
                log("refresh for user \(userID): the refresh lease could not be taken: \(error)")
                return .failure(.storeUnavailable)
            }
            if let lease { return await refresh(userID, holding: lease) }
            guard ContinuousClock.now < deadline else {
                log("refresh for user \(userID): another replica has been refreshing for too long; try again")
                return .failure(.unavailable)
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Refreshes holding the lease, renewed while the token call runs, so a
    /// slow provider does not let a second replica start another refresh.
    private func refresh(_ userID: String, holding lease: any RefreshLease) async -> Result<TokenSet, Failure> {
        let renewEvery = leases.duration / 3
        let renewal = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: renewEvery)
                guard !Task.isCancelled, await lease.renew() else { return }
            }
        }
        let result = await refreshUnderLease(userID)
        renewal.cancel()
        await lease.release()
        return result
    }

    private func refreshUnderLease(_ userID: String) async -> Result<TokenSet, Failure> {
        // Read once more under the lease: the previous holder may have just written.
        let tokens: TokenSet
        switch await storedTokens(userID) {
        case .success(let found): tokens = found
        case .failure(let failure): return .failure(failure)
        }
        guard isDue(tokens) else { return .success(tokens) }
        guard let refreshToken = tokens.refreshToken, (tokens.refreshExpiresAt ?? .distantPast) > now() else {
            log("refresh for user \(userID): no refresh token, or it is past its life; the session ends")
            return await end(userID, holding: tokens, counting: .expired)
        }
        let response: TokenResponse
        do {
            response = try await provider.refresh(refreshToken: refreshToken, scope: tokens.scope)
        } catch {
            if error.endsTheSession {
                log("refresh for user \(userID) failed: \(error)")
                return await end(userID, holding: tokens, counting: .rejected)
            }
            if let code = error.refusedTheClient {
                // The app's credentials, not the user's grant: ending sessions would not fix it.
                log("ERROR: the provider refused FrameAuth's client credentials (\(code)) at a refresh; check CLIENT_ID and CLIENT_SECRET against the registered app. Sessions are kept; the API answers 503 until this is fixed")
                metrics.refreshes.increment(.clientRefused)
            } else {
                log("refresh for user \(userID) failed: \(error)")
                metrics.refreshes.increment(.unavailable)
            }
            return .failure(.unavailable)
        }
        let renewed = TokenSet(granted: response, at: now(), refreshTokenLifetime: lifetimes.refreshToken, replacing: tokens)
        let change: StoreChange
        do {
            // Durable before the new access token is handed out.
            change = try await store.updateTokens(userID: userID, from: tokens, to: renewed, binding: binding)
        } catch {
            log("refresh for user \(userID): the new tokens could not be saved: \(error)")
            metrics.refreshes.increment(.storageFailed)
            return .failure(.storeUnavailable)
        }
        metrics.refreshes.increment(.success)
        return outcome(of: change, for: userID, otherwise: renewed)
    }

    /// Ends the user's session, counting the refresh as `result` once that is
    /// saved, unless they signed in again meanwhile.
    private func end(_ userID: String, holding tokens: TokenSet, counting result: OAuthMetrics.RefreshResult) async -> Result<TokenSet, Failure> {
        let change: StoreChange
        do { change = try await store.endUser(userID, holding: tokens) } catch {
            log("refresh for user \(userID): ending the session could not be saved: \(error)")
            metrics.refreshes.increment(.storageFailed)
            return .failure(.storeUnavailable)
        }
        metrics.refreshes.increment(result)
        return outcome(of: change, for: userID, otherwise: nil)
    }

    /// What a refresh hands out once its result is written, or was not: a
    /// sign-in while it was out wins (its tokens are newer than anything the
    /// refresh got), a deletion wins too.
    private func outcome(of change: StoreChange, for userID: String, otherwise tokens: TokenSet?) -> Result<TokenSet, Failure> {
        switch change {
        case .done:
            return tokens.map { .success($0) } ?? .failure(.loginRequired)
        case .userGone:
            return .failure(tokens == nil ? .loginRequired : .unknownUser)
        case .superseded(let newer):
            log("refresh for user \(userID): they signed in again while it was out; the newer tokens are kept")
            return newer.tokensBelong(to: binding) ? .success(newer.tokens) : .failure(.loginRequired)
        }
    }
}

extension TokenEndpointError {
    /// RFC 6749 §5.2 `invalid_grant`: the user's refresh token is refused
    /// (revoked, expired, used twice); only a new sign-in helps.
    var endsTheSession: Bool {
        guard case .rejected(_, let error) = self else { return false }
        return error == "invalid_grant"
    }

    /// RFC 6749 §5.2 `invalid_client` or `unauthorized_client`: the app's own
    /// credentials or registration are refused, for every user alike.
    var refusedTheClient: String? {
        guard case .rejected(_, let error) = self, let error, error == "invalid_client" || error == "unauthorized_client" else { return nil }
        return error
    }
}
