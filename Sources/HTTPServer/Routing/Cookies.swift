/// Reading the `Cookie` header (RFC 6265 §5.4) and building `Set-Cookie`
/// (RFC 6265 §4.1) with safe defaults: HttpOnly, SameSite=Lax, Path=/.
public enum Cookies {
    /// The cookie pairs of a request, in order, from every `Cookie` field.
    /// Split on bytes, not Characters: to Swift a `;` or `=` followed by a
    /// combining mark is one Character, which would separate nothing.
    public static func parse(_ headers: HTTPHeaders) -> [(name: String, value: String)] {
        headers.values("Cookie").flatMap { field in
            Array(field.utf8).split(separator: ASCII.semicolon).compactMap { pair -> (name: String, value: String)? in
                guard let equals = pair.firstIndex(of: UInt8(ascii: "=")) else { return nil }
                let name = trimmingBlanks(pair[..<equals])
                var value = trimmingBlanks(pair[(equals + 1)...])
                if value.count >= 2, value.first == quote, value.last == quote { value = value.dropFirst().dropLast() }
                guard !name.isEmpty else { return nil }
                // Cut only at ASCII bytes, so each part is still UTF-8.
                return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
            }
        }
    }

    private static let quote = UInt8(ascii: "\"")

    private static func trimmingBlanks(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var bytes = bytes
        while let first = bytes.first, ASCII.isWhitespace(first) { bytes.removeFirst() }
        while let last = bytes.last, ASCII.isWhitespace(last) { bytes.removeLast() }
        return bytes
    }
}

extension HTTPRequest {
    /// The first cookie of that name; the browser sends the most specific first.
    public func cookie(_ name: String) -> String? {
        // Without the field (every API call, a first /login), nothing is made.
        guard headers.count(of: "Cookie") > 0 else { return nil }
        return Cookies.parse(headers).first { $0.name == name }?.value
    }
}

extension HTTPResponse {
    public mutating func setCookie(_ cookie: SetCookie) {
        headers.add("Set-Cookie", cookie.headerValue)
    }
}
