import Foundation
import Synchronization

/// Frame.io's token endpoint (`/token`) and identity (`/me`) as a fake over
/// loopback, recording what it received. By default it issues numbered tokens
/// (`ACCESS-TOKEN-…-1`, `-2`, …) so rotation can be followed; a scripted reply
/// replaces that for fault tests.
final class FrameIOStandIn: Sendable {
    static let accessTokenPrefix = "ACCESS-TOKEN-d41d8cd98f00"
    static let refreshTokenPrefix = "REFRESH-TOKEN-9e107d9d372b"
    static let userID = "user-7f3c"
    static let email = "ada@example.test"

    static func accessToken(_ number: Int) -> String { "\(accessTokenPrefix)-\(number)" }
    static func refreshToken(_ number: Int) -> String { "\(refreshTokenPrefix)-\(number)" }

    /// What the stand-in answers; changed by the test while FrameAuth runs.
    private final class Script: Sendable {
        let override = Mutex<FakeHTTPEndpoint.Reply?>(nil)
        let issued = Mutex(0)
        let expiresIn: Int
        let delay = Mutex(Duration.zero)
        let userID = Mutex(FrameIOStandIn.userID)
        let barrier = Mutex<ArrivalBarrier?>(nil)

        init(expiresIn: Int) { self.expiresIn = expiresIn }

        func tokenReply() -> FakeHTTPEndpoint.Reply {
            barrier.withLock { $0 }?.arriveAndWait()
            if let override = override.withLock({ $0 }) { return override }
            let number = issued.withLock { $0 += 1; return $0 }
            let reply = FakeHTTPEndpoint.Reply.json(
                #"{"access_token":"\#(FrameIOStandIn.accessToken(number))","expires_in":\#(expiresIn),"refresh_token":"\#(FrameIOStandIn.refreshToken(number))","scope":"offline account.read asset.read","token_type":"bearer"}"#)
            let pause = delay.withLock { $0 }
            return pause > .zero ? .delayed(pause, reply) : reply
        }
    }

    let endpoint: FakeHTTPEndpoint
    private let script: Script

    init(tokenReply: FakeHTTPEndpoint.Reply? = nil, expiresIn: Int = 3600) throws {
        let script = Script(expiresIn: expiresIn)
        script.override.withLock { $0 = tokenReply }
        self.script = script
        endpoint = try FakeHTTPEndpoint { request in
            if request.target.hasPrefix("/me") {
                return request.header("Authorization")?.hasPrefix("Bearer \(Self.accessTokenPrefix)-") == true
                    ? .json(#"{"id":"\#(script.userID.withLock { $0 })","email":"\#(Self.email)","name":"Ada <Lovelace>"}"#)
                    : .json(#"{"error":"unauthorized"}"#, status: 401)
            }
            return script.tokenReply()
        }
    }

    /// Answers every token request with `reply` (nil: back to issuing numbered tokens).
    func setTokenReply(_ reply: FakeHTTPEndpoint.Reply?) { script.override.withLock { $0 = reply } }
    /// Holds each issued token answer back this long (to overlap concurrent refreshes).
    func setDelay(_ delay: Duration) { script.delay.withLock { $0 = delay } }
    /// Holds token answers until the barrier's requests are all in flight.
    func setBarrier(_ barrier: ArrivalBarrier?) { script.barrier.withLock { $0 = barrier } }
    /// The user `/me` reports from now on.
    func setUser(_ id: String) { script.userID.withLock { $0 = id } }

    var tokenRequests: [FakeHTTPEndpoint.Request] { endpoint.requests.filter { $0.target.hasPrefix("/token") } }
    var identityRequests: [FakeHTTPEndpoint.Request] { endpoint.requests.filter { $0.target.hasPrefix("/me") } }
}
