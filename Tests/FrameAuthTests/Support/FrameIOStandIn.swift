import Foundation
@testable import FrameAuth
import HTTPServer

/// Frame.io's token endpoint (`/token`) and identity (`/me`, V4's `/v4/me`)
/// as a fake over loopback, with RFC 7009 revocation (`/revoke`), recording
/// what it received. By default it issues numbered tokens (`ACCESS-TOKEN-…-1`,
/// `-2`, …) so rotation can be followed; a scripted reply replaces that for
/// fault tests. For V4 it is Adobe IMS too (`ims`): the key set at `/keys`
/// and an id_token in every code exchange's answer.
final class FrameIOStandIn: Sendable {
    static let accessTokenPrefix = "ACCESS-TOKEN-d41d8cd98f00"
    static let refreshTokenPrefix = "REFRESH-TOKEN-9e107d9d372b"
    static let userID = "user-7f3c"
    static let email = "ada@example.test"

    static func accessToken(_ number: Int) -> String { "\(accessTokenPrefix)-\(number)" }
    static func refreshToken(_ number: Int) -> String { "\(refreshTokenPrefix)-\(number)" }
    /// A V4 user id, as `/v4/me` reports it: Adobe ids hold `@` and `.`.
    static let v4UserID = "A1B2C3D4E5F6.7890@AdobeID"

    /// What the stand-in answers; changed by the test while FrameAuth runs.
    private final class Script: Sendable {
        let override = Lock<FakeHTTPEndpoint.Reply?>(nil)
        let issued = Lock(0)
        let expiresIn: Int
        let scope: String
        let delay = Lock(Duration.zero)
        let userID: Lock<String>
        let barrier = Lock<ArrivalBarrier?>(nil)
        let issuesRefreshTokens = Lock(true)
        let revocationReply = Lock(FakeHTTPEndpoint.Reply.respond(status: 200))

        init(expiresIn: Int, provider: ProviderKind) {
            self.expiresIn = expiresIn
            scope = provider.defaults.scopes
            userID = Lock(provider == .v4 ? FrameIOStandIn.v4UserID : FrameIOStandIn.userID)
        }

        func tokenReply(idToken: String?) -> FakeHTTPEndpoint.Reply {
            barrier.withLock { $0 }?.arriveAndWait()
            if let override = override.withLock({ $0 }) { return override }
            let number = issued.withLock { $0 += 1; return $0 }
            let refresh = issuesRefreshTokens.withLock { $0 } ? #","refresh_token":"\#(FrameIOStandIn.refreshToken(number))""# : ""
            let openID = idToken.map { #","id_token":"\#($0)""# } ?? ""
            let reply = FakeHTTPEndpoint.Reply.json(
                #"{"access_token":"\#(FrameIOStandIn.accessToken(number))","expires_in":\#(expiresIn)\#(refresh),"scope":"\#(scope)","token_type":"bearer"\#(openID)}"#)
            let pause = delay.withLock { $0 }
            return pause > .zero ? .delayed(pause, reply) : reply
        }

        /// `/me`'s answer (V4: `/v4/me`'s, the profile inside `data`) to a token of ours; else 401.
        func identityReply(_ request: FakeHTTPEndpoint.Request, v4: Bool) -> FakeHTTPEndpoint.Reply {
            guard request.header("Authorization")?.hasPrefix("Bearer \(FrameIOStandIn.accessTokenPrefix)-") == true else {
                return .json(#"{"error":"unauthorized"}"#, status: 401)
            }
            let profile = #"{"id":"\#(userID.withLock { $0 })","email":"\#(FrameIOStandIn.email)","name":"Ada <Lovelace>"}"#
            return .json(v4 ? #"{"data":\#(profile)}"# : profile)
        }
    }

    let endpoint: FakeHTTPEndpoint
    /// Adobe IMS's OpenID Connect side, for a V4 stand-in; nil for the legacy platform.
    let ims: IMSStandIn?
    private let script: Script

    /// `now` dates the id_tokens (FrameAuth checks them against its own clock).
    init(tokenReply: FakeHTTPEndpoint.Reply? = nil, expiresIn: Int = 3600, provider: ProviderKind = .legacy,
         now: @escaping @Sendable () -> Date = Date.init) throws {
        let script = Script(expiresIn: expiresIn, provider: provider)
        script.override.withLock { $0 = tokenReply }
        self.script = script
        let ims = provider == .v4 ? try IMSStandIn(now: now) : nil
        self.ims = ims
        endpoint = try FakeHTTPEndpoint { request in
            if request.target.hasPrefix("/me") { return script.identityReply(request, v4: false) }
            if request.target.hasPrefix("/v4/me") { return script.identityReply(request, v4: true) }
            if request.target.hasPrefix("/revoke") { return script.revocationReply.withLock { $0 } }
            if let ims, request.target.hasPrefix("/keys") { return ims.keySetReply() }
            return script.tokenReply(idToken: ims?.idToken(answering: request))
        }
        ims?.setIssuer(issuer)
    }

    /// The base URL, which a V4 stand-in also uses as its issuer identifier.
    var issuer: String { endpoint.url("") }

    /// Answers every token request with `reply` (nil: back to issuing numbered tokens).
    func setTokenReply(_ reply: FakeHTTPEndpoint.Reply?) { script.override.withLock { $0 = reply } }
    /// Holds each issued token answer back this long (to overlap concurrent refreshes).
    func setDelay(_ delay: Duration) { script.delay.withLock { $0 = delay } }
    /// Holds token answers until the barrier's requests are all in flight.
    func setBarrier(_ barrier: ArrivalBarrier?) { script.barrier.withLock { $0 = barrier } }
    /// The user `/me` reports from now on.
    func setUser(_ id: String) { script.userID.withLock { $0 = id } }
    /// Whether token answers carry a refresh token (an OAuth Single-Page App gets none).
    func setIssuesRefreshTokens(_ issues: Bool) { script.issuesRefreshTokens.withLock { $0 = issues } }
    /// What `/revoke` answers from now on (by default an empty 200, RFC 7009 §2.2).
    func setRevocationReply(_ reply: FakeHTTPEndpoint.Reply) { script.revocationReply.withLock { $0 = reply } }

    var tokenRequests: [FakeHTTPEndpoint.Request] { endpoint.requests.filter { $0.target.hasPrefix("/token") } }
    var identityRequests: [FakeHTTPEndpoint.Request] {
        endpoint.requests.filter { $0.target.hasPrefix("/me") || $0.target.hasPrefix("/v4/me") }
    }
    var revocationRequests: [FakeHTTPEndpoint.Request] { endpoint.requests.filter { $0.target.hasPrefix("/revoke") } }
    var keySetRequests: [FakeHTTPEndpoint.Request] { endpoint.requests.filter { $0.target.hasPrefix("/keys") } }
}
