import Foundation
import Synchronization

/// Frame.io's token endpoint (`/token`) and identity (`/me`) as a fake over
/// loopback, recording what it received. The token answer can change mid-test.
final class FrameIOStandIn: Sendable {
    static let accessToken = "ACCESS-TOKEN-d41d8cd98f00"
    static let refreshToken = "REFRESH-TOKEN-9e107d9d372b"
    static let userID = "user-7f3c"
    static let email = "ada@example.test"

    static let goodToken = FakeHTTPEndpoint.Reply.json(
        #"{"access_token":"\#(accessToken)","expires_in":3600,"refresh_token":"\#(refreshToken)","scope":"offline account.read asset.read","token_type":"bearer"}"#)

    private final class ReplyBox: Sendable {
        let reply: Mutex<FakeHTTPEndpoint.Reply>
        init(_ reply: FakeHTTPEndpoint.Reply) { self.reply = Mutex(reply) }
    }

    let endpoint: FakeHTTPEndpoint
    private let tokenReply: ReplyBox

    init(tokenReply: FakeHTTPEndpoint.Reply = goodToken) throws {
        let box = ReplyBox(tokenReply)
        self.tokenReply = box
        endpoint = try FakeHTTPEndpoint { request in
            if request.target.hasPrefix("/me") {
                return request.header("Authorization") == "Bearer \(Self.accessToken)"
                    ? .json(#"{"id":"\#(Self.userID)","email":"\#(Self.email)","name":"Ada <Lovelace>"}"#)
                    : .json(#"{"error":"unauthorized"}"#, status: 401)
            }
            return box.reply.withLock { $0 }
        }
    }

    func setTokenReply(_ reply: FakeHTTPEndpoint.Reply) { tokenReply.reply.withLock { $0 = reply } }

    var tokenRequests: [FakeHTTPEndpoint.Request] { endpoint.requests.filter { $0.target.hasPrefix("/token") } }
    var identityRequests: [FakeHTTPEndpoint.Request] { endpoint.requests.filter { $0.target.hasPrefix("/me") } }
}
