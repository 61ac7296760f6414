/// One `Set-Cookie` value: `HttpOnly`, `SameSite=Lax` and `Path=/` always,
/// `Secure` and `Max-Age` as asked.
public struct SetCookie: Sendable, Equatable {
    /// A cookie's name and attributes, checked and written out once. A
    /// server sets the same cookie again and again (the sign-in binding on
    /// every /login), and each time then only checks its value and joins
    /// the three pieces.
    public struct Kind: Sendable, Equatable {
        public let name: String
        /// Everything after the value: `; Path=/; Max-Age=600; HttpOnly; SameSite=Lax`.
        private let attributes: String

        /// `name` must be a token (RFC 6265 §4.1.1); nil otherwise. `maxAge`
        /// in seconds; nil makes a session cookie; 0 deletes the cookie.
        public init?(name: String, secure: Bool, maxAge: Int? = nil) {
            guard !name.isEmpty, name.allBytes(ASCII.isTokenChar) else { return nil }
            self.name = name
            attributes = "; Path=/" + (maxAge.map { "; Max-Age=\($0)" } ?? "") + (secure ? "; Secure" : "")
                + "; HttpOnly; SameSite=Lax"
        }

        /// This cookie with `value`, which must be cookie-octets (RFC 6265
        /// §4.1.1); anything else is refused rather than emitted half-quoted.
        public func with(value: String) -> SetCookie? {
            guard value.hasNoByte(SetCookie.barredFromCookieValue) else { return nil }
            let headerValue = String(writing: { text in
                text.write(name)
                text.write("=")
                text.write(value)
                text.write(attributes)
            })
            return SetCookie(name: name, value: value, headerValue: headerValue)
        }
    }

    public let name: String
    public let value: String
    public let headerValue: String

    private init(name: String, value: String, headerValue: String) {
        self.name = name
        self.value = value
        self.headerValue = headerValue
    }

    /// A cookie set once: as `Kind(name:secure:maxAge:)` with `value`.
    public init?(name: String, value: String, secure: Bool, maxAge: Int? = nil) {
        guard let cookie = Kind(name: name, secure: secure, maxAge: maxAge)?.with(value: value) else { return nil }
        self = cookie
    }

    /// A cookie that tells the browser to forget `name`.
    public static func expired(name: String, secure: Bool) -> SetCookie {
        SetCookie(name: name, value: "", secure: secure, maxAge: 0)!
    }

    /// 1 for a byte that is not a `cookie-octet`: outside 0x21–0x7E (a
    /// byte below 0x21 wraps round past 0x5D), or `"`, `,`, `;` or `\`.
    private static func barredFromCookieValue(_ byte: UInt8) -> UInt8 {
        (byte &- 0x21 > 0x7E - 0x21).bit | (byte == UInt8(ascii: "\"")).bit | (byte == UInt8(ascii: ",")).bit
            | (byte == UInt8(ascii: ";")).bit | (byte == UInt8(ascii: "\\")).bit
    }
}
