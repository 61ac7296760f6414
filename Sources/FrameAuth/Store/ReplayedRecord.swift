import Glibc

/// A journal record as start-up reads it (`JournalRecord.decodeForReplay`):
/// a user record stays packed, as the store will hold it, and every other
/// record is decoded. Start-up replays every record in the journal, and a
/// user decoded into strings only to be packed again was most of its cost.
enum ReplayedRecord: Sendable {
    case packedUser(PackedUser)
    case decoded(JournalRecord)
}

/// The binding the last user record of a replay held, with its bytes.
/// Every user of one app has the same binding: a replay reads its four
/// strings once, then only compares the next record's bytes with these.
struct ReplayBindings {
    private var last: (bytes: ArraySlice<UInt8>, binding: SessionBinding)?

    /// The binding after a user record's presence byte.
    mutating func binding(from reader: inout ByteReader) throws(ByteReader.Malformed) -> SessionBinding {
        let start = reader.position
        // Its four strings (see `JournalRecord.readBinding`), not made yet.
        for _ in 0..<4 { try reader.skipString() }
        let bytes = reader.bytes(from: start)
        if let last, Self.same(last.bytes, bytes) { return last.binding }
        var fresh = ByteReader(Array(bytes))
        let binding = try JournalRecord.readBinding(from: &fresh)
        last = (bytes, binding)
        return binding
    }

    /// `==` on the slices, as one `memcmp` rather than byte by byte.
    private static func same(_ first: ArraySlice<UInt8>, _ second: ArraySlice<UInt8>) -> Bool {
        first.count == second.count && first.withUnsafeBytes { first in
            second.withUnsafeBytes { second in memcmp(first.baseAddress!, second.baseAddress!, first.count) == 0 }
        }
    }
}
