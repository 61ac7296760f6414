/// A response as received, whatever its status: a 4xx or a 3xx is an answer
/// for the caller to judge, not an error.
public struct HTTPClientResponse: Sendable, Equatable {
    public var status: Int
    /// The `Content-Type` field value, if the response had one.
    public var contentType: String?
    public var body: [UInt8]

    public init(status: Int, contentType: String?, body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}
