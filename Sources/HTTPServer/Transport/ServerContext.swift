import Synchronization

/// What every loop of one server shares: configuration, the responder,
/// the connection count and the round-robin of loops.
final class ServerContext: Sendable {
    let configuration: HTTPServer.Configuration
    let responder: any HTTPResponder
    let openFileLimit: Int
    /// `maxConnections`, lowered to stay below the open file limit; at least one.
    let connectionCap: Int
    private let openConnections = Atomic<Int>(0)
    private let roundRobin = Atomic<Int>(0)
    private let loops = Lock<[EventLoop]>([])

    init(configuration: HTTPServer.Configuration, responder: any HTTPResponder) {
        self.configuration = configuration
        self.responder = responder
        openFileLimit = configuration.openFileLimit ?? OpenFileLimit.current()
        let limits = configuration.limits
        connectionCap = max(1, min(limits.maxConnections, openFileLimit - limits.fileDescriptorReserve))
    }

    func setLoops(_ all: [EventLoop]) { loops.withLock { $0 = all } }

    func nextLoop() -> EventLoop {
        let index = roundRobin.add(1, ordering: .relaxed).oldValue
        return loops.withLock { $0[index % $0.count] }
    }

    /// Counts a new connection in; false when the server is at its cap.
    func reserveConnection() -> Bool {
        let previous = openConnections.add(1, ordering: .relaxed).oldValue
        if previous < connectionCap { return true }
        openConnections.subtract(1, ordering: .relaxed)
        return false
    }

    func releaseConnection() { openConnections.subtract(1, ordering: .relaxed) }

    var connectionCount: Int { openConnections.load(ordering: .relaxed) }

    func log(_ message: String) { configuration.errorLog(message) }

    func observeRefusal(_ statusCode: Int) { configuration.refusalObserver?(statusCode) }
}
