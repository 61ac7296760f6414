import Foundation

/// The JSON shapes OAuth endpoints answer with, decoded strictly: a field of
/// the wrong type fails the whole answer rather than being guessed at.
enum OAuthWireFormats {
    struct Token: Decodable {
        let access_token: String?
        let token_type: String?
        let expires_in: Int?
        let refresh_token: String?
        let scope: String?
    }

    /// RFC 6749 §5.2.
    struct ErrorBody: Decodable {
        let error: String?
    }

    struct Identity: Decodable {
        let id: String?
        let email: String?
        let name: String?

        enum CodingKeys: String, CodingKey { case id, email, name }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            // Frame.io ids are strings; a numeric id is accepted as its decimal text.
            if let text = try? container.decodeIfPresent(String.self, forKey: .id) {
                id = text
            } else {
                id = try container.decodeIfPresent(Int.self, forKey: .id).map(String.init)
            }
            email = try? container.decodeIfPresent(String.self, forKey: .email)
            name = try? container.decodeIfPresent(String.self, forKey: .name)
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, from body: [UInt8]) -> T? {
        try? JSONDecoder().decode(type, from: Data(body))
    }
}
