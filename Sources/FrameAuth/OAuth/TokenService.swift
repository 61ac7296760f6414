import Foundation
import Synchronization

/// Hands out access tokens that are valid, refreshing them first when they
/// expire within the skew (CONTRACT §4).
///
/// Single flight: however many callers ask at once for one user, one refresh
/// request goes out and all of them get its result; different users never
/// wait on each other.
final class TokenService: Sendable {
    enum Failure: Error, Sendable, Equatable {
        case unknownUser
        /// The session ended (refresh token refused or past its life): sign in again.
        case loginRequired
        /// A passing failure (time-out, 5xx, network): nothing was changed.
        case unavailable
    }

    private let store: SessionStore
    private let tokenEndpoint: TokenEndpoint
    private let lifetimes: TokenLifetimes
    private let now: @Sendable () -> Date
    private let metrics: OAuthMetrics
    private let log: @Sendable (String) -> Void
    private let inFlight = Mutex<[String: Task<Result<TokenSet, Failure>, Never>]>([:])

    init(store: SessionStore, tokenEndpoint: TokenEndpoint, lifetimes: TokenLifetimes, now: @escaping @Sendable () -> Date,
         metrics: OAuthMetrics, log: @escaping @Sendable (String) -> Void) {
        self.store = store
        self.tokenEndpoint = tokenEndpoint
        self.lifetimes = lifetimes
        self.now = now
        self.metrics = metrics
        self.log = log
    }

    /// The user's tokens, refreshed first if the access token is due.
    func validTokens(for userID: String) async -> Result<TokenSet, Failure> {
        guard let user = await store.user(id: userID) else {
            return .failure(await store.hasEnded(userID) ? .loginRequired : .unknownUser)
        }
        guard isDue(user.tokens) else { return .success(user.tokens) }
        let refresh = inFlight.withLock { running in
            if let task = running[userID] { return task }
            let task = Task { await self.refresh(userID) }
            running[userID] = task
            return task
        }
        return await refresh.value
    }

    private func isDue(_ tokens: TokenSet) -> Bool {
        tokens.expiresAt.timeIntervalSince(now()) <= lifetimes.refreshSkew
    }

    private func refresh(_ userID: String) async -> Result<TokenSet, Failure> {
        defer { inFlight.withLock { $0[userID] = nil } }
        // Read again: a refresh that just finished may have made this one unnecessary.
        guard let user = await store.user(id: userID) else {
            return .failure(await store.hasEnded(userID) ? .loginRequired : .unknownUser)
        }
        let tokens = user.tokens
        guard isDue(tokens) else { return .success(tokens) }
        guard let refreshToken = tokens.refreshToken, (tokens.refreshExpiresAt ?? .distantPast) > now() else {
            log("refresh for user \(userID): no refresh token, or it is past its life; the session ends")
            return await end(userID, counting: .expired)
        }
        let response: TokenResponse
        do {
            response = try await tokenEndpoint.refresh(refreshToken: refreshToken, scope: tokens.scope)
        } catch {
            log("refresh for user \(userID) failed: \(error)")
            guard error.endsTheSession else {
                metrics.refreshes.increment(.unavailable)
                return .failure(.unavailable)
            }
            return await end(userID, counting: .rejected)
        }
        let issuedAt = now()
        // Rotation: a returned refresh token replaces the old one and starts a new life.
        let rotated = response.refreshToken
        let renewed = TokenSet(
            accessToken: response.accessToken, refreshToken: rotated ?? refreshToken, tokenType: response.tokenType,
            scope: response.scope, expiresAt: issuedAt.addingTimeInterval(TimeInterval(response.expiresIn)),
            refreshExpiresAt: rotated == nil ? tokens.refreshExpiresAt : issuedAt.addingTimeInterval(lifetimes.refreshToken)
        )
        let stored: Bool
        do {
            // Durable before the new access token is handed out.
            stored = try await store.updateTokens(userID: userID, tokens: renewed)
        } catch {
            log("refresh for user \(userID): the new tokens could not be saved: \(error)")
            metrics.refreshes.increment(.storageFailed)
            return .failure(.unavailable)
        }
        metrics.refreshes.increment(.success)
        // Not stored: the user was deleted while the refresh was out.
        return stored ? .success(renewed) : .failure(.unknownUser)
    }

    /// Ends the user's session, counting the refresh as `result` once that is saved.
    private func end(_ userID: String, counting result: OAuthMetrics.RefreshResult) async -> Result<TokenSet, Failure> {
        do { try await store.endUser(userID) } catch {
            log("refresh for user \(userID): ending the session could not be saved: \(error)")
            metrics.refreshes.increment(.storageFailed)
            return .failure(.unavailable)
        }
        metrics.refreshes.increment(result)
        return .failure(.loginRequired)
    }
}

extension TokenEndpointError {
    /// RFC 6749 §5.2: the grant or the client was refused; trying again will not help.
    var endsTheSession: Bool {
        guard case .rejected(_, let error) = self else { return false }
        return error == "invalid_grant" || error == "invalid_client" || error == "unauthorized_client"
    }
}
