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
        guard !name.isEmpty, name.allBytes(ASCII.isTokenChar), value.hasNoByte(SetCookie.barredFromCookieValue) else { return nil }
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

    /// 1 for a byte that is not a `cookie-octet`: outside 0x21–0x7E (a
    /// byte below 0x21 wraps round past 0x5D), or `"`, `,`, `;` or `\`.
    private static func barredFromCookieValue(_ byte: UInt8) -> UInt8 {
        (byte &- 0x21 > 0x7E - 0x21).bit | (byte == UInt8(ascii: "\"")).bit | (byte == UInt8(ascii: ",")).bit
            | (byte == UInt8(ascii: ";")).bit | (byte == UInt8(ascii: "\\")).bit
    }
}
