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
        Cookies.parse(headers).first { $0.name == name }?.value
    }
}

/// One `Set-Cookie` value.
public struct SetCookie: Sendable, Equatable {
    public enum SameSite: String, Sendable {
        case strict = "Strict"
        case lax = "Lax"
    }

    public var name: String
    public var value: String
    public var path = "/"
    /// Seconds; nil makes a session cookie; 0 deletes the cookie.
    public var maxAge: Int?
    public var secure: Bool
    public var httpOnly = true
    public var sameSite: SameSite = .lax

    /// `name` must be a token and `value` cookie-octets (RFC 6265 §4.1.1);
    /// anything else is refused rather than emitted half-quoted.
    public init?(name: String, value: String, secure: Bool, maxAge: Int? = nil) {
        guard !name.isEmpty, name.utf8.allSatisfy(ASCII.isTokenChar),
              value.utf8.allSatisfy(SetCookie.isCookieOctet) else { return nil }
        self.name = name
        self.value = value
        self.secure = secure
        self.maxAge = maxAge
    }

    /// A cookie that tells the browser to forget `name`.
    public static func expired(name: String, secure: Bool) -> SetCookie {
        SetCookie(name: name, value: "", secure: secure, maxAge: 0)!
    }

    public var headerValue: String {
        // One buffer, sized once: this runs on every /login.
        var header = ""
        header.reserveCapacity(name.utf8.count + value.utf8.count + path.utf8.count + 64)
        header += name
        header += "="
        header += value
        header += "; Path="
        header += path
        if let maxAge {
            header += "; Max-Age="
            header += String(maxAge)
        }
        if secure { header += "; Secure" }
        if httpOnly { header += "; HttpOnly" }
        header += "; SameSite="
        header += sameSite.rawValue
        return header
    }

    private static func isCookieOctet(_ byte: UInt8) -> Bool {
        byte == 0x21 || (0x23...0x2B).contains(byte) || (0x2D...0x3A).contains(byte)
            || (0x3C...0x5B).contains(byte) || (0x5D...0x7E).contains(byte)
    }
}

extension HTTPResponse {
    public mutating func setCookie(_ cookie: SetCookie) {
        headers.add("Set-Cookie", cookie.headerValue)
    }
}
