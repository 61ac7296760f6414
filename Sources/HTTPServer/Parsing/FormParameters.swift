/// Name/value pairs from a query string or an
/// `application/x-www-form-urlencoded` body (WHATWG URL §5.1), in order.
public struct FormParameters: Sendable, Equatable {
    public private(set) var pairs: [(name: String, value: String)] = []

    public init(_ pairs: [(String, String)] = []) {
        self.pairs = pairs.map { (name: $0.0, value: $0.1) }
    }

    /// Decodes `name=value&...`; invalid percent-encoding or non-UTF-8 throws.
    public init(decoding bytes: [UInt8]) throws(HTTPParseError) {
        for part in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = part.firstIndex(of: UInt8(ascii: "="))
            let rawName = part[..<(equals ?? part.endIndex)]
            let rawValue = equals.map { part[part.index(after: $0)...] } ?? []
            pairs.append((
                name: try PercentDecoding.decode(rawName, plusIsSpace: true),
                value: try PercentDecoding.decode(rawValue, plusIsSpace: true)
            ))
        }
    }

    /// The first value for `name`.
    public subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// How many times `name` occurs; OAuth parameters must not repeat (RFC 6749 §3.1).
    public func count(of name: String) -> Int {
        pairs.count { $0.name == name }
    }

    /// The value of `name` when it occurs exactly once; a repeated OAuth
    /// parameter counts as absent (RFC 6749 §3.1).
    public func single(_ name: String) -> String? {
        count(of: name) == 1 ? self[name] : nil
    }

    public static func == (lhs: FormParameters, rhs: FormParameters) -> Bool {
        lhs.pairs.elementsEqual(rhs.pairs) { $0.name == $1.name && $0.value == $1.value }
    }
}
