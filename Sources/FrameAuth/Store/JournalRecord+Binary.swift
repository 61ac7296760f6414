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
        while !reader.isAtEnd { records.append(try read(try readKind(from: &reader), from: &reader)) }
        return records
    }

    /// As `decode`, for start-up: users stay packed (`PackedUser`), and a
    /// binding the previous user had is not read again. Appends to
    /// `records`, which start-up reuses from entry to entry, rather than
    /// making an array per entry.
    static func decodeForReplay(
        _ bytes: [UInt8], bindings: inout ReplayBindings, into records: inout [ReplayedRecord]
    ) throws(ByteReader.Malformed) {
        var reader = ByteReader(bytes)
        // A sign-in's session follows its user in the entry, naming them again.
        var entryUserID = ""
        while !reader.isAtEnd {
            switch try readKind(from: &reader) {
            case .user:
                let user = try readPackedUser(from: &reader, bindings: &bindings)
                entryUserID = user.id
                records.append(.packedUser(user))
            case .session:
                records.append(.decoded(.session(try readSession(from: &reader, userIDReusing: entryUserID))))
            case let kind:
                records.append(.decoded(try read(kind, from: &reader)))
            }
        }
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

    private static func readKind(from reader: inout ByteReader) throws(ByteReader.Malformed) -> Kind {
        guard let kind = Kind(rawValue: try reader.readByte()) else { throw ByteReader.Malformed() }
        return kind
    }

    private static func read(_ kind: Kind, from reader: inout ByteReader) throws(ByteReader.Malformed) -> JournalRecord {
        switch kind {
        case .userBeforeBindings:
            return .user(try readUserFields(from: &reader))
        case .user:
            var user = try readUserFields(from: &reader)
            if try reader.readPresence() { user.binding = try readBinding(from: &reader) }
            user.subject = try reader.readOptionalString()
            return .user(user)
        case .session:
            return .session(try readSession(from: &reader))
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
    /// changed, in the journal's order. `PackedUser` keeps the same bytes in
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
        let tokens = try readTokens(from: &reader)
        return StoredUser(profile: profile, tokens: tokens, updatedAt: try reader.readDate(), binding: nil, subject: nil)
    }

    /// The tokens of what `writeFields` wrote, after the profile.
    static func readTokens(from reader: inout ByteReader) throws(ByteReader.Malformed) -> TokenSet {
        TokenSet(
            accessToken: try reader.readString(), refreshToken: try reader.readOptionalString(),
            tokenType: try reader.readString(), scope: try reader.readString(),
            expiresAt: try reader.readDate(), refreshExpiresAt: try reader.readOptionalDate()
        )
    }

    /// Moves past the profile at the start of what `writeFields` wrote.
    static func skipProfile(from reader: inout ByteReader) throws(ByteReader.Malformed) {
        try reader.skipOptionalString()  // email
        try reader.skipOptionalString()  // name
    }

    /// A `.user` record after its kind, as `decode` reads it but with the
    /// fields left as bytes.
    private static func readPackedUser(
        from reader: inout ByteReader, bindings: inout ReplayBindings
    ) throws(ByteReader.Malformed) -> PackedUser {
        let id = try reader.readString()
        let fieldsStart = reader.position
        try skipFields(from: &reader)
        let fields = reader.bytes(from: fieldsStart)
        let binding = try reader.readPresence() ? try bindings.binding(from: &reader) : nil
        let subjectStart = reader.position
        try reader.skipOptionalString()
        return PackedUser(id: id, binding: binding, fields: fields, subject: reader.bytes(from: subjectStart))
    }

    /// Moves past what `writeFields` wrote, checking its layout as `readFields` would.
    private static func skipFields(from reader: inout ByteReader) throws(ByteReader.Malformed) {
        try skipProfile(from: &reader)
        try reader.skipString()  // access token
        try reader.skipOptionalString()  // refresh token
        try reader.skipString()  // token type
        try reader.skipString()  // scope
        _ = try reader.readDate()  // expires at
        _ = try reader.readOptionalDate()  // refresh expires at
        _ = try reader.readDate()  // updated at
    }

    /// A binding after its presence byte.
    static func readBinding(from reader: inout ByteReader) throws(ByteReader.Malformed) -> SessionBinding {
        SessionBinding(
            provider: try reader.readString(), issuer: try reader.readString(),
            tokenURL: try reader.readString(), clientID: try reader.readString()
        )
    }

    /// A session after its kind; its user id is `userIDReusing` itself when
    /// it is that id (see `ByteReader.readString(reusing:)`).
    private static func readSession(
        from reader: inout ByteReader, userIDReusing knownID: String = ""
    ) throws(ByteReader.Malformed) -> BrowserSession {
        BrowserSession(
            digest: try readDigest(from: &reader), userID: try reader.readString(reusing: knownID),
            createdAt: try reader.readDate(), expiresAt: try reader.readDate()
        )
    }

    private static func readDigest(from reader: inout ByteReader) throws(ByteReader.Malformed) -> SessionDigest {
        SessionDigest(bytes: try reader.readFixed(count: SHA256.digestLength))
    }
}
