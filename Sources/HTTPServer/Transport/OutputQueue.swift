/// Bytes waiting to be sent, and how far the socket has taken them.
struct OutputQueue {
    private var bytes: [UInt8] = []
    private var sent = 0

    var isEmpty: Bool { sent == bytes.count }
    /// Bytes still to send.
    var count: Int { bytes.count - sent }

    /// Queues `more`, unless the queue would then hold more than `limit`
    /// bytes still to send; false: nothing was queued.
    mutating func append(_ more: [UInt8], limit: Int) -> Bool {
        guard count + more.count <= limit else { return false }
        if isEmpty {
            bytes = more
            sent = 0
        } else {
            bytes += more
        }
        return true
    }

    enum SendOutcome {
        case nothingQueued
        case allSent
        /// The socket took no more for now.
        case someLeft
        case peerGone
    }

    /// Sends as much as the socket takes. One call says all the caller
    /// needs: on a connection, each look at the queue is an access the
    /// runtime checks for exclusivity.
    mutating func send(on socket: Socket) -> SendOutcome {
        guard !isEmpty else { return .nothingQueued }
        while !isEmpty {
            guard let count = socket.send(bytes[sent...]) else { return .peerGone }
            if count == 0 { return .someLeft }
            sent += count
        }
        bytes = []
        sent = 0
        return .allSent
    }
}
