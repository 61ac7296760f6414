/// A browser session's cookie value: 32 random bytes as unpadded base64url.
///
/// The store never keeps the value itself, only its SHA-256 (`digest`), so a
/// leaked journal or memory dump cannot be replayed as a cookie.
/// `description` is redacted so it cannot end up in a log line.
public struct SessionID: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    static let byteCount = 32
    /// Length of `byteCount` bytes in unpadded base64url.
    static let encodedLength = 43

    /// The cookie value to send to the browser.
    public let cookieValue: String

    /// A new, unpredictable session id (256 bits).
    public static func generate() -> SessionID {
        SessionID(checked: SecureRandom.token(byteCount: byteCount))
    }

    /// The session id a browser sent back, or nil when the value cannot be
    /// one (wrong length or a character outside base64url).
    public init?(cookieValue: String) {
        guard cookieValue.utf8.count == Self.encodedLength, cookieValue.utf8.allSatisfy(Base64URL.isAlphabet) else {
            return nil
        }
        self.init(checked: cookieValue)
    }

    private init(checked value: String) {
        self.cookieValue = value
    }

    /// What the store keys the session under.
    var digest: SessionDigest {
        SessionDigest(of: cookieValue)
    }

    public var description: String { "SessionID(redacted)" }
    public var debugDescription: String { description }
}
