/// A stored user as the journal store keeps them: the id and binding as
/// values, and everything else (profile, tokens, dates, `sub`) packed as the
/// journal writes it, one allocation where the strings would be six.
///
/// Made either from a `StoredUser` (a change) or straight from a journal
/// record's bytes (start-up), which then never become strings: replaying
/// 100,000 users makes no string per field, only this one array per user.
struct PackedUser: Sendable {
    let id: String
    /// Replaced by the store with the one instance every user of the app shares.
    var binding: SessionBinding?
    /// `JournalRecord.writeFields` followed by the optional subject.
    private let fields: [UInt8]

    init(_ user: StoredUser) {
        id = user.profile.id
        binding = user.binding
        var writer = ByteWriter()
        JournalRecord.writeFields(of: user, to: &writer)
        writer.write(user.subject)
        // Copied to an array of exactly this size: the writer's has grown
        // by doubling, and would keep up to twice the room. (Through a
        // buffer pointer: an array made from a whole-array slice shares it.)
        fields = writer.bytes.withUnsafeBufferPointer { Array($0) }
    }

    /// A user read from the journal: `fields` are the bytes `writeFields`
    /// wrote, `subject` the optional string after the binding.
    init(id: String, binding: SessionBinding?, fields: ArraySlice<UInt8>, subject: ArraySlice<UInt8>) {
        self.id = id
        self.binding = binding
        var packed: [UInt8] = []
        packed.reserveCapacity(fields.count + subject.count)
        packed += fields
        packed += subject
        self.fields = packed
    }

    var user: StoredUser {
        readFields { reader throws(ByteReader.Malformed) in
            var user = try JournalRecord.readFields(id: id, from: &reader)
            user.binding = binding
            user.subject = try reader.readOptionalString()
            return user
        }
    }

    /// Only the tokens, for the token API: the profile's strings before
    /// them are skipped, not made.
    var tokens: TokenSet {
        readFields { reader throws(ByteReader.Malformed) in
            try JournalRecord.skipProfile(from: &reader)
            return try JournalRecord.readTokens(from: &reader)
        }
    }

    private func readFields<Read>(_ read: (inout ByteReader) throws(ByteReader.Malformed) -> Read) -> Read {
        var reader = ByteReader(fields)
        do throws(ByteReader.Malformed) {
            return try read(&reader)
        } catch {
            // Written by `init(_:)`, or read from an authenticated journal
            // record whose layout `JournalRecord` checked field by field.
            fatalError("a packed user's fields do not read back")
        }
    }
}
