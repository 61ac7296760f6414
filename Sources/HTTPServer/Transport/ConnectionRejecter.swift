/// Turns away a connection past the server's cap: a 503 and close,
/// without ever giving it a buffer or a parser.
enum ConnectionRejecter {
    static func reject(_ socket: Socket, date: ArraySlice<UInt8>) {
        let response = HTTPResponse(status: .serviceUnavailable, headers: HTTPHeaders([("Retry-After", "1"), ("Content-Type", "text/plain; charset=utf-8")]),
                                    body: Array("server busy\n".utf8))
        _ = socket.send(ResponseEncoder.encode(response, keepAlive: false, bodyless: false, date: date)[...])
        // Read what already arrived so closing sends FIN, not a reset that could destroy the 503.
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 1)
        defer { scratch.deallocate() }
        while case .bytes = socket.read(into: scratch) {}
        socket.shutdownWrite()
        socket.close()
    }
}
