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

/// The one description of a user that FrameAuth gives out, in `/session`
/// and the integrator API's list: id, email and name, an absent value
/// written as null rather than left out, so every answer has the same keys.
extension UserProfile: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(email, forKey: .email)
        try container.encode(name, forKey: .name)
    }

    private enum CodingKeys: String, CodingKey { case id, email, name }
}
