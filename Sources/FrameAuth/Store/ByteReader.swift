import FoundationEssentials

/// Reads what `ByteWriter` wrote, throwing `Malformed` on anything it could
/// not have written: a length past the end, a presence byte other than 0 or 1.
///
/// Strings are not validated as UTF-8 a second time: the journal entries
/// read here have already been authenticated, so their bytes are what
/// `ByteWriter` made from Swift strings. (Invalid bytes, which only a bug
/// could write, would become U+FFFD.) Validating cost 15% of start-up.
struct ByteReader {
    struct Malformed: Error {}

    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { offset == bytes.count }

    /// Where the next read starts, for `bytes(from:)`.
    var position: Int { offset }

    /// The bytes read since `start` (a `position`), as they are.
    func bytes(from start: Int) -> ArraySlice<UInt8> {
        bytes[start..<offset]
    }

    mutating func readByte() throws(Malformed) -> UInt8 {
        try take(1).first!
    }

    mutating func read<T: FixedWidthInteger & UnsignedInteger>(_: T.Type) throws(Malformed) -> T {
        try take(MemoryLayout<T>.size).reduce(0) { $0 << 8 | T($1) }
    }

    mutating func readString() throws(Malformed) -> String {
        let count = Int(try read(UInt32.self))
        return try take(count).withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
    }

    /// As `readString`, but `known` itself when the bytes spell it, so no
    /// second copy is made: start-up reads each sign-in's user id twice,
    /// in the user and again in the session.
    mutating func readString(reusing known: String) throws(Malformed) -> String {
        let count = Int(try read(UInt32.self))
        let bytes = try take(count)
        var known = known
        let spellsKnown = known.withUTF8 { known in bytes.withUnsafeBufferPointer { $0.elementsEqual(known) } }
        return spellsKnown ? known : bytes.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
    }

    /// Moves past a string without making one.
    mutating func skipString() throws(Malformed) {
        _ = try take(Int(try read(UInt32.self)))
    }

    mutating func readDate() throws(Malformed) -> Date {
        Date(timeIntervalSinceReferenceDate: Double(bitPattern: try read(UInt64.self)))
    }

    /// The next `count` bytes, in place.
    mutating func readFixed(count: Int) throws(Malformed) -> ArraySlice<UInt8> {
        try take(count)
    }

    mutating func readOptionalString() throws(Malformed) -> String? {
        try readPresence() ? try readString() : nil
    }

    mutating func readOptionalDate() throws(Malformed) -> Date? {
        try readPresence() ? try readDate() : nil
    }

    mutating func skipOptionalString() throws(Malformed) {
        if try readPresence() { try skipString() }
    }

    mutating func readPresence() throws(Malformed) -> Bool {
        switch try readByte() {
        case 0: return false
        case 1: return true
        default: throw Malformed()
        }
    }

    private mutating func take(_ count: Int) throws(Malformed) -> ArraySlice<UInt8> {
        guard count <= bytes.count - offset else { throw Malformed() }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }
}
