/// Bytes waiting to be sent, and how far the socket has taken them.
struct OutputQueue {
    private var bytes: [UInt8] = []
    private var sent = 0

    var isEmpty: Bool { sent == bytes.count }
    /// Bytes still to send.
    var count: Int { bytes.count - sent }

    mutating func append(_ more: [UInt8]) {
        if isEmpty {
            bytes = more
            sent = 0
        } else {
            bytes += more
        }
    }

    /// Sends as much as the socket takes; false if the peer is gone.
    mutating func send(on socket: Socket) -> Bool {
        while !isEmpty {
            guard let count = socket.send(bytes[sent...]) else { return false }
            if count == 0 { return true }
            sent += count
        }
        bytes = []
        sent = 0
        return true
    }
}
