/// Header fields in the order received. Names compare case-insensitively
/// (RFC 9110 §5.1); repeated fields are all kept, never overwritten.
public struct HTTPHeaders: Sendable, Equatable, Sequence {
    public private(set) var fields: [(name: String, value: String)] = []

    public init() {}
    public init(_ fields: [(String, String)]) {
        // Room for one more: a response made with its fields usually gets
        // another on its way out (`Cache-Control`, `Set-Cookie`).
        reserveCapacity(fields.count + 1)
        for (name, value) in fields { add(name, value) }
    }

    public mutating func reserveCapacity(_ count: Int) {
        fields.reserveCapacity(count)
    }

    /// Takes the name and value over: the parser and the handlers pass
    /// strings they are done with, which then move in without a copy.
    public mutating func add(_ name: consuming String, _ value: consuming String) {
        fields.append((name, value))
    }

    /// Replaces every field of that name with one.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        fields.append((name, value))
    }

    public mutating func remove(_ name: String) {
        // Only when there is one to remove: on an array another copy of the
        // headers shares, `removeAll(where:)` copies it even to remove nothing.
        guard count(of: name) > 0 else { return }
        fields.removeAll { Self.sameName($0.name, name) }
    }

    /// The first value of a field, if present.
    public subscript(name: String) -> String? {
        fields.first { Self.sameName($0.name, name) }?.value
    }

    public func values(_ name: String) -> [String] {
        fields.filter { Self.sameName($0.name, name) }.map(\.value)
    }

    /// How many fields have this name; unlike `values`, allocates nothing.
    public func count(of name: String) -> Int {
        fields.count { Self.sameName($0.name, name) }
    }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }

    /// Header names are tokens (ASCII), so folding A-Z byte by byte is exact;
    /// it allocates nothing, and it runs several times per request.
    static func sameName(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        // Compared in place, without the iterator and closure of `utf8.elementsEqual`.
        return a.withUTF8Bytes { a in b.withUTF8Bytes { b in zip(a, b).allSatisfy { foldCase($0) == foldCase($1) } } }
    }

    private static func foldCase(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}
