import CLinux
import Glibc
import Synchronization

/// One thread running an epoll reactor over the connections it owns.
///
/// It is also a `TaskExecutor`: request handlers run as tasks that prefer
/// this loop, so a handler that never suspends answers in the same loop
/// iteration, with no thread hop. A handler that awaits other work (an
/// actor, a blocking call on another thread) comes back here to finish.
///
/// Everything but `enqueue`/`execute`/`isOnLoopThread` is confined to the
/// loop's thread (`thread` to the one that starts and joins it); that is
/// what makes the `@unchecked Sendable` sound.
final class EventLoop: TaskExecutor, @unchecked Sendable {
    let server: ServerContext
    private let epoll: Int32
    private let wakeFD: Int32
    /// Set by `start`; read by `join`, which shutdown calls after `start` returned.
    private var thread: pthread_t?
    /// The loop thread's `pthread_self()`, stored by that thread before it
    /// runs anything (0 until then), so any thread may ask `isOnLoopThread`,
    /// even while `start` is still setting `thread`.
    private let threadID = Atomic<UInt>(0)
    private var connections: [Int32: Connection] = [:]
    private var listener: Socket?
    /// Set while the listener is not watched after accept ran out of
    /// descriptors: when to watch it again, on the server's clock.
    private var acceptResumes: UInt64?
    private var acceptFailures: LogThrottle
    private var running = true
    /// When the loop next checks deadlines, in real time (CLOCK_MONOTONIC):
    /// epoll sleeps in real time whatever the server's clock says.
    private var nextTick: UInt64 = 0
    /// How often deadlines are checked (`timerTick`), in nanoseconds.
    private let tick: UInt64
    private(set) var shuttingDown = false
    /// The server's clock when this turn of the loop began (read once its
    /// wait for events returned). Deadlines count from it: they are checked
    /// a tick (`timerTick`) at a time, so a turn's few milliseconds at most
    /// do not matter, and a clock read per deadline set, several per
    /// request, did.
    private(set) var turnStarted: UInt64 = 0
    private var date = HTTPDate()
    let accessLog: AccessLogBuffer
    /// Where `recv` lands before the bytes are appended to a connection's buffer.
    let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)

    private struct Pending {
        var jobs: [UnownedJob] = []
        var commands: [@Sendable () -> Void] = []
        var isEmpty: Bool { jobs.isEmpty && commands.isEmpty }
    }
    private let pending = Lock(Pending())

    init(server: ServerContext) throws(SocketError) {
        self.server = server
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epoll >= 0 else { throw SocketError("epoll_create1") }
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard wakeFD >= 0 else { throw SocketError("eventfd") }
        accessLog = AccessLogBuffer(sink: server.configuration.accessLogSink)
        acceptFailures = LogThrottle(interval: server.configuration.limits.repeatedErrorLogInterval)
        tick = server.configuration.limits.timerTick.nanoseconds
        register(wakeFD, events: EPOLLIN.rawValue)
    }

    deinit {
        scratch.deallocate()
        close(epoll)
        close(wakeFD)
    }

    // MARK: - Called from any thread

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        pending.withLock { $0.jobs.append(unowned) }
        wakeIfNeeded()
    }

    /// Runs `command` on the loop's thread, soon.
    func execute(_ command: @escaping @Sendable () -> Void) {
        pending.withLock { $0.commands.append(command) }
        wakeIfNeeded()
    }

    var isOnLoopThread: Bool {
        // Relaxed is enough: only the loop thread can load its own id, and it
        // stored it itself; every other thread loads 0 or an id not its own.
        pthread_equal(threadID.load(ordering: .relaxed), pthread_self()) != 0
    }

    private func wakeIfNeeded() {
        // The loop drains its queue before it sleeps, so only other threads must wake it.
        guard !isOnLoopThread else { return }
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    func start() {
        let box = Unmanaged.passRetained(self)
        var handle = pthread_t()
        pthread_create(&handle, nil, { context in
            let loop = Unmanaged<EventLoop>.fromOpaque(context!).takeRetainedValue()
            loop.run()
            return nil
        }, box.toOpaque())
        thread = handle
    }

    func join() {
        if let thread { pthread_join(thread, nil) }
    }

    // MARK: - Loop thread

    private func run() {
        threadID.store(pthread_self(), ordering: .relaxed)
        var events = [epoll_event](repeating: epoll_event(), count: 256)
        nextTick = MonotonicClock.now() + tick
        while running {
            let hasWork = pending.withLock { !$0.isEmpty }
            let now = MonotonicClock.now()
            let timeout = hasWork ? 0 : Int32(max(0, Int64(nextTick) - Int64(now)) / 1_000_000 + 1)
            let count = waitForEvents(&events, timeout: timeout)
            turnStarted = server.configuration.clock.now()
            for index in 0..<Int(max(count, 0)) {
                dispatch(events[index])
            }
            runPending()
            let after = MonotonicClock.now()
            if after >= nextTick {
                nextTick = after + tick
                checkDeadlines(now: server.configuration.clock.now())
                accessLog.flush()
            }
        }
        for connection in Array(connections.values) { connection.close() }
        accessLog.flush()
    }

    /// `epoll_wait`, writing the access log's gathered lines first whenever
    /// the loop would otherwise sleep: a quiet server's lines go out at
    /// once, a busy one's a block or a tick at a time.
    private func waitForEvents(_ events: inout [epoll_event], timeout: Int32) -> Int32 {
        if timeout > 0, accessLog.hasPending {
            let ready = epoll_wait(epoll, &events, Int32(events.count), 0)
            if ready != 0 { return ready }
            accessLog.flush()
        }
        return epoll_wait(epoll, &events, Int32(events.count), timeout)
    }

    private func dispatch(_ event: epoll_event) {
        let fd = event.data.fd
        if fd == wakeFD {
            var value: UInt64 = 0
            _ = read(wakeFD, &value, 8)
        } else if let listener, fd == listener.fd {
            acceptPending(from: listener)
        } else if let connection = connections[fd] {
            let hangUp = EPOLLHUP.rawValue | EPOLLERR.rawValue | EPOLLRDHUP.rawValue
            if event.events & (EPOLLIN.rawValue | hangUp) != 0 {
                connection.readable(peerMayHaveClosed: event.events & hangUp != 0)
            }
            if event.events & EPOLLOUT.rawValue != 0, !connection.isClosed {
                connection.writable()
            }
        }
    }

    private func runPending() {
        while true {
            let batch = pending.withLock { queue -> Pending in
                defer { queue = Pending() }
                return queue
            }
            if batch.isEmpty { return }
            for command in batch.commands { command() }
            for job in batch.jobs { job.runSynchronously(on: asUnownedTaskExecutor()) }
        }
    }

    /// `now`: on the server's clock.
    private func checkDeadlines(now: UInt64) {
        for connection in Array(connections.values) where connection.deadline <= now {
            connection.deadlinePassed(now: now)
        }
        if let acceptResumes, now >= acceptResumes { resumeAccepting() }
    }

    // MARK: - Connections

    func listen(on socket: Socket) {
        listener = socket
        register(socket.fd, events: EPOLLIN.rawValue)
    }

    private func acceptPending(from listener: Socket) {
        // Bounded (maxAcceptsPerWakeUp) so a connection flood cannot starve established clients.
        for _ in 0..<server.configuration.limits.maxAcceptsPerWakeUp {
            let accepted: (Socket, peer: String)?
            do { accepted = try listener.accept() } catch {
                return acceptFailed(error, listener: listener)
            }
            guard let (socket, peer) = accepted else { return }
            guard server.reserveConnection() else {
                server.observeRefusal(HTTPStatus.serviceUnavailable.code)
                ConnectionRejecter.reject(socket, date: date.now())
                continue
            }
            let owner = server.nextLoop()
            if owner === self {
                adopt(socket, peer: peer)
            } else {
                owner.execute { owner.adopt(socket, peer: peer) }
            }
        }
    }

    /// Out of descriptors or kernel memory, the connection stays in the
    /// backlog and the level-triggered listener would wake the loop for it at
    /// once, forever: one core at 100% and a log line each time. So the
    /// listener is not watched for `acceptBackoff`, and the line is throttled.
    private func acceptFailed(_ error: SocketError, listener: Socket) {
        let now = server.configuration.clock.now()
        let exhausted = [EMFILE, ENFILE, ENOBUFS, ENOMEM].contains(error.errno)
        let backoff = server.configuration.limits.acceptBackoff
        if exhausted {
            watch(listener.fd, events: 0)
            acceptResumes = now + backoff.nanoseconds
        }
        guard let heldBack = acceptFailures.admit(now: now) else { return }
        server.log("accept failed: \(error)" + (exhausted ? "; not accepting for \(backoff)" : "")
            + (heldBack > 0 ? " (\(heldBack) more since the last line)" : ""))
    }

    private func resumeAccepting() {
        acceptResumes = nil
        if let listener { watch(listener.fd, events: EPOLLIN.rawValue) }
    }

    func adopt(_ socket: Socket, peer: String) {
        let connection = Connection(socket: socket, peer: peer, loop: self)
        connections[socket.fd] = connection
        register(socket.fd, events: EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue)
        if shuttingDown { connection.close() }
    }

    func forget(_ connection: Connection) {
        epoll_ctl(epoll, EPOLL_CTL_DEL, connection.socket.fd, nil)
        connections[connection.socket.fd] = nil
        server.releaseConnection()
    }

    func currentDate() -> ArraySlice<UInt8> { date.now() }

    var bufferedBytes: [ConnectionBuffers] { connections.values.map(\.bufferedBytes) }

    private func register(_ fd: Int32, events: UInt32) {
        var event = epoll_event()
        event.events = events
        event.data.fd = fd
        epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event)
    }

    /// Changes what a registered descriptor is watched for; 0: nothing.
    private func watch(_ fd: Int32, events: UInt32) {
        var event = epoll_event()
        event.events = events
        event.data.fd = fd
        epoll_ctl(epoll, EPOLL_CTL_MOD, fd, &event)
    }

    // MARK: - Shutdown

    /// Stops accepting and closes connections with nothing in flight; the
    /// rest close once their response is written.
    func beginShutdown() {
        shuttingDown = true
        if let listener {
            epoll_ctl(epoll, EPOLL_CTL_DEL, listener.fd, nil)
            listener.close()
            self.listener = nil
        }
        for connection in Array(connections.values) where connection.hasNothingInFlight {
            connection.close()
        }
    }

    /// Closes whatever is left and ends the thread.
    func stop() {
        running = false
    }
}
