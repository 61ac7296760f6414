import Glibc

/// An HTTP/1.1 server on non-blocking sockets: one epoll loop per core,
/// the first also accepting and handing connections out round-robin.
public final class HTTPServer: Sendable {
    public struct Configuration: Sendable {
        public var host: String = "127.0.0.1"
        public var port: Int = 8080
        public var limits = ServerLimits()
        /// Event loop threads; by default one per core.
        public var loopCount: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        /// Receives batches of access-log lines (JSON, one per request); nil: no access log.
        public var accessLogSink: (@Sendable ([UInt8]) -> Void)? = StandardStreams.writeToStandardOutput
        /// Receives the server's own error lines.
        public var errorLog: @Sendable (String) -> Void = StandardStreams.writeErrorLine
        /// Told the status code of each answer given without the responder:
        /// requests refused as malformed, too large or too slow, and connections
        /// turned away at the cap (503). Runs on a loop thread; must be cheap.
        public var refusalObserver: (@Sendable (_ statusCode: Int) -> Void)?
        /// The limit on open descriptors that connections are kept below (see
        /// `ServerLimits.fileDescriptorReserve`); nil: the soft RLIMIT_NOFILE
        /// when the server starts. The executable raises that first
        /// (`OpenFileLimit.raiseToHardLimit`).
        public var openFileLimit: Int?
        /// Peers whose `X-Forwarded-For` names the client (request's
        /// `remoteAddress` and the access log's `peer`); none by default.
        public var trustedProxies = TrustedProxies()
        /// What deadlines and logged durations are measured on; tests pass one they move themselves.
        public var clock = ServerClock.monotonic

        public init() {}
    }

    private let context: ServerContext
    private let loops: [EventLoop]
    /// The port bound, which differs from the configured one when that was 0.
    public let port: Int

    /// A bound, listening socket not yet served: binding first tells the
    /// caller the port (when it asked for 0) before it builds its routes.
    public struct Listener: Sendable {
        let socket: Socket
        public let port: Int

        /// `backlog`: see `ServerLimits.listenBacklog`.
        public static func bind(host: String, port: Int, backlog: Int = ServerLimits().listenBacklog) throws(SocketError) -> Listener {
            let socket = try Socket.listen(host: host, port: port, backlog: backlog)
            return Listener(socket: socket, port: socket.localPort())
        }
    }

    /// Binds and starts serving; throws if the address cannot be bound.
    public convenience init(configuration: Configuration, responder: any HTTPResponder) throws(SocketError) {
        let listener = try Listener.bind(host: configuration.host, port: configuration.port, backlog: configuration.limits.listenBacklog)
        try self.init(configuration: configuration, listener: listener, responder: responder)
    }

    /// Starts serving on a listener bound earlier; `configuration`'s host, port and listen backlog are not used.
    public init(configuration: Configuration, listener: Listener, responder: any HTTPResponder) throws(SocketError) {
        context = ServerContext(configuration: configuration, responder: responder)
        port = listener.port
        if context.connectionCap < configuration.limits.maxConnections {
            context.log("connections capped at \(context.connectionCap): the open file limit is \(context.openFileLimit), "
                + "\(configuration.limits.fileDescriptorReserve) of them kept for files")
        }
        var loops: [EventLoop] = []
        for _ in 0..<max(1, configuration.loopCount) {
            loops.append(try EventLoop(server: context))
        }
        self.loops = loops
        context.setLoops(loops)
        loops[0].listen(on: listener.socket)
        for loop in loops { loop.start() }
    }

    /// Connections open right now.
    public var openConnections: Int { context.connectionCount }

    /// What each open connection holds in memory, read on the loops' threads.
    func bufferedBytes() async -> [ConnectionBuffers] {
        var all: [ConnectionBuffers] = []
        for loop in loops {
            all += await withCheckedContinuation { continuation in
                loop.execute { continuation.resume(returning: loop.bufferedBytes) }
            }
        }
        return all
    }

    /// Stops accepting, lets in-flight requests finish (within the grace
    /// period, counted from this call), closes everything and returns once
    /// the loops have ended.
    public func shutdown() async {
        let clock = context.configuration.clock
        // Read before the loops hear of it: whoever sees the server stop accepting knows the grace period has begun.
        let deadline = clock.now() + context.configuration.limits.shutdownGracePeriod.nanoseconds
        for loop in loops { loop.execute { loop.beginShutdown() } }
        while context.connectionCount > 0 && clock.now() < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        for loop in loops { loop.execute { loop.stop() } }
        await BlockingWork.run { for loop in self.loops { loop.join() } }
    }
}
