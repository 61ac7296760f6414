/// The journal's record format: each record is a kind byte and its fields in
/// a fixed order (see `ByteWriter`); an entry is its records back to back.
/// Hand-written because start-up replays every record, and decoding JSON made
/// that take seconds for 100,000 users. The tags below are on disk: never
/// renumber one.
extension JournalRecord {
    private enum Kind: UInt8 {
        /// A user as written before sessions recorded their binding; read, never written.
        case userBeforeBindings = 1
        case session, endSession, deleteUser, endUser
        /// A user with the binding of their tokens and their OpenID `sub`.
        case user
    }

    static func encode(_ records: [JournalRecord]) -> [UInt8] {
        var writer = ByteWriter()
        for record in records { record.write(to: &writer) }
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8]) throws(ByteReader.Malformed) -> [JournalRecord] {
        var reader = ByteReader(bytes)
        var records: [JournalRecord] = []
        while !reader.isAtEnd { records.append(try read(from: &reader)) }
        return records
    }

    private func write(to writer: inout ByteWriter) {
        switch self {
        case .user(let user):
            writer.write(Kind.user.rawValue)
            writer.write(user.profile.id)
            Self.writeFields(of: user, to: &writer)
            writer.write(user.binding != nil ? 1 as UInt8 : 0)
            if let binding = user.binding {
                writer.write(binding.provider)
                writer.write(binding.issuer)
                writer.write(binding.tokenURL)
                writer.write(binding.clientID)
            }
            writer.write(user.subject)
        case .session(let session):
            writer.write(Kind.session.rawValue)
            writer.write(fixed: session.digest.bytes)
            writer.write(session.userID)
            writer.write(session.createdAt)
            writer.write(session.expiresAt)
        case .endSession(let digest):
            writer.write(Kind.endSession.rawValue)
            writer.write(fixed: digest.bytes)
        case .deleteUser(let id):
            writer.write(Kind.deleteUser.rawValue)
            writer.write(id)
        case .endUser(let id):
            writer.write(Kind.endUser.rawValue)
            writer.write(id)
        }
    }

    private static func read(from reader: inout ByteReader) throws(ByteReader.Malformed) -> JournalRecord {
        guard let kind = Kind(rawValue: try reader.readByte()) else { throw ByteReader.Malformed() }
        switch kind {
        case .userBeforeBindings:
            return .user(try readUserFields(from: &reader))
        case .user:
            var user = try readUserFields(from: &reader)
            if try reader.readPresence() {
                user.binding = SessionBinding(
                    provider: try reader.readString(), issuer: try reader.readString(),
                    tokenURL: try reader.readString(), clientID: try reader.readString()
                )
            }
            user.subject = try reader.readOptionalString()
            return .user(user)
        case .session:
            return .session(BrowserSession(
                digest: try readDigest(from: &reader), userID: try reader.readString(),
                createdAt: try reader.readDate(), expiresAt: try reader.readDate()
            ))
        case .endSession:
            return .endSession(try readDigest(from: &reader))
        case .deleteUser:
            return .deleteUser(id: try reader.readString())
        case .endUser:
            return .endUser(id: try reader.readString())
        }
    }

    /// The fields both user kinds start with.
    private static func readUserFields(from reader: inout ByteReader) throws(ByteReader.Malformed) -> StoredUser {
        try readFields(id: try reader.readString(), from: &reader)
    }

    /// A user's profile after the id, their tokens and when these last
    /// changed, in the journal's order. `HeldUser` keeps the same bytes in
    /// memory.
    static func writeFields(of user: StoredUser, to writer: inout ByteWriter) {
        writer.write(user.profile.email)
        writer.write(user.profile.name)
        writer.write(user.tokens.accessToken)
        writer.write(user.tokens.refreshToken)
        writer.write(user.tokens.tokenType)
        writer.write(user.tokens.scope)
        writer.write(user.tokens.expiresAt)
        writer.write(user.tokens.refreshExpiresAt)
        writer.write(user.updatedAt)
    }

    /// What `writeFields` wrote, as the user `id`, with neither binding nor subject.
    static func readFields(id: String, from reader: inout ByteReader) throws(ByteReader.Malformed) -> StoredUser {
        let profile = UserProfile(id: id, email: try reader.readOptionalString(), name: try reader.readOptionalString())
        let tokens = TokenSet(
            accessToken: try reader.readString(), refreshToken: try reader.readOptionalString(),
            tokenType: try reader.readString(), scope: try reader.readString(),
            expiresAt: try reader.readDate(), refreshExpiresAt: try reader.readOptionalDate()
        )
        return StoredUser(profile: profile, tokens: tokens, updatedAt: try reader.readDate(), binding: nil, subject: nil)
    }

    private static func readDigest(from reader: inout ByteReader) throws(ByteReader.Malformed) -> SessionDigest {
        SessionDigest(bytes: try reader.readFixed(count: SHA256.digestLength))
    }
}
