/// Who signed in, as Frame.io's identity call (`/v2/me`) describes them.
public struct UserProfile: Sendable, Decodable, Equatable {
    /// Frame.io's user id: the key sessions and tokens are kept under.
    public var id: String
    public var email: String?
    public var name: String?

    public init(id: String, email: String? = nil, name: String? = nil) {
        self.id = id
        self.email = email
        self.name = name
    }
}
