/// What the parser made of the bytes it has been given so far.
public enum ParseResult: Sendable {
    /// The request is not complete yet; read more and call again.
    case needMore
    /// A whole request, and how many bytes at the front of the buffer it used.
    case request(HTTPRequest, consumed: Int)
    /// The bytes cannot be a valid request; answer `status` and close.
    case failure(HTTPParseError)
}
