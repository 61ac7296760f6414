/// The bytes one connection holds in memory at a moment.
struct ConnectionBuffers: Sendable, Equatable {
    /// Answer bytes queued and not yet taken by the socket.
    var queuedOutput: Int
    /// Request bytes read and not yet parsed into a request.
    var unparsedInput: Int
}
