import FoundationEssentials

/// The JSON shapes OAuth endpoints answer with. Every field is optional:
/// what is missing is judged by the caller, with a reason (`TokenResponse`,
/// `IdentityEndpoint`). A token answer with a field of the wrong type fails
/// whole rather than being guessed at, except `expires_in`, kept as sent
/// (`Seconds`); an identity takes a numeric `id` as its decimal text and
/// ignores an `email` or `name` that is not a string.
enum OAuthWireFormats {
    struct Token: Decodable {
        let access_token: String?
        let token_type: String?
        let expires_in: Seconds?
        let refresh_token: String?
        let scope: String?
        /// OpenID Connect Core §3.1.3.3.
        let id_token: String?
    }

    /// V4's `/v4/me` wraps the identity in `data`.
    struct IdentityEnvelope: Decodable {
        let data: Identity
    }

    /// A JSON number of seconds as sent, kept apart from what it means, so a
    /// fraction, a string or an absurd size is refused or bounded with a
    /// reason instead of failing the whole answer or a conversion later.
    enum Seconds: Decodable, Equatable {
        case whole(Int)
        /// A fraction, or a number beyond `Int`.
        case notWhole
        /// A string, boolean or anything else that is not a number.
        case notANumber

        init(from decoder: any Decoder) throws {
            let value = try decoder.singleValueContainer()
            if let whole = try? value.decode(Int.self) {
                self = .whole(whole)
            } else if (try? value.decode(Double.self)) != nil {
                self = .notWhole
            } else {
                self = .notANumber
            }
        }
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
