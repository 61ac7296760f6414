/// The protocol version of a request; only HTTP/1.0 and HTTP/1.1 are spoken.
public enum HTTPVersion: Sendable, Equatable {
    case http10
    case http11
}
