/// One `field-name ":" OWS field-value OWS` line (RFC 9112 §5).
enum HeaderField {
    static func parse(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> (name: String, value: String) {
        guard let first = line.first else { throw .badRequest("empty header line") }
        // RFC 9112 §5.2: obsolete line folding is refused.
        guard !ASCII.isWhitespace(first) else { throw .badRequest("obsolete line folding") }
        guard let colon = line.firstIndex(of: ASCII.colon) else { throw .badRequest("header line without a colon") }
        let name = line[..<colon]
        // RFC 9112 §5.1: no whitespace between name and colon; the name is a token.
        guard !name.isEmpty, name.allSatisfy(ASCII.isTokenChar) else { throw .badRequest("invalid header name") }
        var value = line[(colon + 1)...]
        while let f = value.first, ASCII.isWhitespace(f) { value.removeFirst() }
        while let l = value.last, ASCII.isWhitespace(l) { value.removeLast() }
        guard value.hasNoByte(ASCII.barredFromFieldValue) else { throw .badRequest("control character in header value") }
        return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }
}
