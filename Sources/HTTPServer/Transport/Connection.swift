import Glibc

/// One client connection: its buffers, its parser and where it is in the
/// request/response cycle. Confined to its loop's thread; handler tasks only
/// carry it back to the loop (hence `@unchecked Sendable`).
final class Connection: @unchecked Sendable {
    let socket: Socket
    let peer: String
    /// Held strongly, though the loop holds its connections too: `close`
    /// drops the connection from the loop's table, which ends the cycle,
    /// and a handler's task still holding the connection keeps the loop
    /// alive rather than finding it gone. An `unowned` reference checked
    /// the loop's reference count on each of its several uses per request.
    let loop: EventLoop

    private(set) var isClosed = false
    /// When the current phase times out (nanoseconds on the server's clock); .max
    /// while an answer goes out, which runs on `answerDeadline` instead.
    private var phaseDeadline: UInt64
    /// When the queued answer must be out: set when the socket first refuses
    /// its bytes, cleared once all of it is out, and moved by nothing else.
    private var answerDeadline: UInt64 = .max
    private var phase: Phase = .waiting
    private var input: [UInt8] = []
    private var parser: RequestParser
    private var output = OutputQueue()
    /// Edge-triggered epoll: bytes may be waiting that we chose not to read yet.
    private var unreadInput = false
    /// The last readiness event said the peer hung up: read until the
    /// end-of-file shows, even after a short read.
    private var peerMayHaveClosed = false
    private var peerClosed = false
    private var sentContinue = false

    private enum Phase {
        /// No byte of the next request yet.
        case waiting
        /// Part of a request has arrived.
        case receiving
        /// A handler is working on a request.
        case handling
        /// The last response is queued; nothing more is read before it is out.
        case closing
        /// The response is sent and our side shut; reading and discarding
        /// until the peer closes, so it sees the response rather than a reset.
        case lingering
    }

    init(socket: Socket, peer: String, loop: EventLoop) {
        self.socket = socket
        self.peer = peer
        self.loop = loop
        parser = RequestParser(limits: loop.server.configuration.limits)
        phaseDeadline = loop.turnStarted + loop.server.configuration.limits.idleTimeout.nanoseconds
    }

    private var limits: ServerLimits { loop.server.configuration.limits }
    private var clock: ServerClock { loop.server.configuration.clock }

    /// The earlier of the two deadlines; the loop calls `deadlinePassed` once it is past.
    var deadline: UInt64 { min(phaseDeadline, answerDeadline) }

    /// What this connection holds in memory: answer bytes not yet sent, request bytes not yet parsed.
    var bufferedBytes: ConnectionBuffers { ConnectionBuffers(queuedOutput: output.count, unparsedInput: input.count) }

    /// Nothing in flight: between requests, or only lingering after the last one.
    var hasNothingInFlight: Bool { (phase == .waiting && input.isEmpty && output.isEmpty) || phase == .lingering }

    // MARK: - Events

    func readable(peerMayHaveClosed: Bool) {
        unreadInput = true
        self.peerMayHaveClosed = self.peerMayHaveClosed || peerMayHaveClosed
        switch phase {
        case .lingering: discardInput()
        case .handling, .closing: break  // read once the response is out, in order
        case .waiting, .receiving: readAndProcess()  // no read while an answer is queued; `flush` resumes
        }
    }

    func writable() {
        flush()
    }

    func deadlinePassed(now: UInt64) {
        // The client stopped taking our answer: however much it sends, it is done.
        if answerDeadline <= now { return close() }
        switch phase {
        case .receiving where output.isEmpty:
            fail(HTTPParseError(status: 408, reason: "request not received in time"))
        case .handling:
            break  // handlers bound their own work; shutdown bounds the rest
        case .waiting, .receiving, .closing, .lingering:
            close()  // idle too long, or lingered enough
        }
    }

    // MARK: - Reading

    /// Reads what has arrived, up to `maxBufferedInputBytes`, and parses it.
    /// Nothing is read while an answer is still queued: a client that sends
    /// and never reads would otherwise have us parse and answer without end.
    /// What it sends meanwhile waits in the kernel, whose buffers then stop
    /// the sender (TCP flow control); `flush` resumes once the queue drains.
    private func readAndProcess() {
        // `unreadInput` first: after a short read it ends the loop without a
        // look at the buffers, each of which the runtime checks for exclusivity.
        while unreadInput && output.isEmpty && input.count < limits.maxBufferedInputBytes {
            let room = min(loop.scratch.count, limits.maxBufferedInputBytes - input.count)
            let buffer = UnsafeMutableRawBufferPointer(rebasing: loop.scratch[0..<room])
            switch socket.read(into: buffer) {
            case .bytes(let count):
                input.append(contentsOf: buffer[0..<count])
                // A short read emptied the socket's queue; anything arriving
                // later raises a new edge. Skipping the read that would say
                // EAGAIN saves a system call per request (nginx does the same).
                if count < room && !peerMayHaveClosed { unreadInput = false }
            case .wouldBlock:
                unreadInput = false
            case .closed:
                unreadInput = false
                peerClosed = true
            }
        }
        processInput()
    }

    private func processInput() {
        while (phase == .waiting || phase == .receiving) && output.isEmpty {
            if input.isEmpty {
                if peerClosed { return close() }
                if unreadInput { return readAndProcess() }
                return
            }
            if phase == .waiting {
                phase = .receiving
                phaseDeadline = loop.turnStarted + limits.requestHeadTimeout.nanoseconds
            }
            let wasReadingBody = parser.isReadingBody
            switch parser.parse(input) {
            case .needMore:
                if parser.isReadingBody && !wasReadingBody {
                    phaseDeadline = loop.turnStarted + limits.requestBodyTimeout.nanoseconds
                }
                if parser.awaitsContinue && !sentContinue {
                    sentContinue = true
                    send(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8), resumingInput: false)
                }
                if peerClosed { return close() }
                // The request alone fills the buffer: chunk framing can make it outgrow the body limit.
                // RFC 9110 §15.5.14: 413 Content Too Large.
                if input.count >= limits.maxBufferedInputBytes { return fail(.requestPastInputBuffer) }
                if unreadInput { return readAndProcess() }
                return
            case .failure(let error):
                return fail(error)
            case .request(var request, let consumed):
                input.removeFirst(consumed)
                sentContinue = false
                request.remoteAddress = loop.server.configuration.trustedProxies.client(peer: peer, headers: request.headers)
                // The duration logged runs from the turn that read the request's
                // last bytes, as nginx's $request_time runs from its cached time:
                // a request waiting behind others in that turn waited for real,
                // and this saves a clock read per request.
                let started = loop.turnStarted
                guard let response = loop.server.responder.respondAtOnce(to: request) else { return handle(request, started: started) }
                // Answered inline. This loop goes on with pipelined input
                // itself, so the flush must not re-enter it; and it stops while
                // a response is still going out, as a task's answer would.
                respond(response, to: request, started: started, resumingInput: false)
                if isClosed || !output.isEmpty { return }
            }
        }
    }

    private func discardInput() {
        while true {
            switch socket.read(into: loop.scratch) {
            case .bytes: continue
            case .wouldBlock: return
            case .closed: return close()
            }
        }
    }

    // MARK: - Responding

    private func handle(_ request: HTTPRequest, started: UInt64) {
        phase = .handling
        phaseDeadline = .max
        let responder = loop.server.responder
        let loop = self.loop
        Task(executorPreference: loop) {
            let response = await responder.respond(to: request)
            // With the loop as executor preference we are normally back on its
            // thread here; if an actor left us elsewhere, hop to the loop.
            if loop.isOnLoopThread {
                self.respond(response, to: request, started: started)
            } else {
                loop.execute { self.respond(response, to: request, started: started) }
            }
        }
    }

    private func respond(_ response: HTTPResponse, to request: HTTPRequest, started: UInt64, resumingInput: Bool = true) {
        guard !isClosed else { return }
        let keepAlive = request.wantsKeepAlive && !loop.shuttingDown && !peerClosed
        let bytes = ResponseEncoder.encode(response, keepAlive: keepAlive, bodyless: request.method == .head, date: loop.currentDate())
        loop.accessLog.record(method: request.method.rawValue, path: request.path, status: response.status.code,
                              durationNanoseconds: clock.now() - started, bytes: bytes.count, peer: request.remoteAddress)
        phase = keepAlive ? .waiting : .closing
        phaseDeadline = .max  // the idle (or linger) clock starts once the answer is out
        send(bytes, resumingInput: resumingInput)
    }

    /// Answers a request that could not be parsed, then closes: after a
    /// framing error nothing later on this connection can be trusted.
    private func fail(_ error: HTTPParseError) {
        let status = HTTPStatus(parseErrorCode: error.status)
        let response = HTTPResponse.text("\(status.reason)\n", status: status)
        let bytes = ResponseEncoder.encode(response, keepAlive: false, bodyless: false, date: loop.currentDate())
        loop.accessLog.record(method: "-", path: "-", status: status.code, durationNanoseconds: 0, bytes: bytes.count, peer: peer)
        loop.server.log("refused a request from \(peer): \(error.reason)")
        loop.server.observeRefusal(status.code)
        input.removeAll()
        phase = .closing
        send(bytes)
    }

    private func send(_ bytes: [UInt8], resumingInput: Bool = true) {
        guard output.append(bytes, limit: limits.maxQueuedOutputBytes) else {
            loop.server.log("closed the connection from \(peer): an answer of \(bytes.count) bytes is past the output queue limit")
            return close()
        }
        flush(resumingInput: resumingInput)
    }

    /// Sends what is queued. Once all of it is out, reading and parsing go
    /// on with pipelined input, unless the caller is that input loop itself
    /// (`resumingInput` false).
    private func flush(resumingInput: Bool = true) {
        guard !isClosed else { return }
        switch output.send(on: socket) {
        case .nothingQueued:
            return
        case .peerGone:
            return close()
        case .someLeft:
            // The client's clock starts the first time the socket refuses bytes, and only then.
            if answerDeadline == .max { answerDeadline = loop.turnStarted + limits.writeTimeout.nanoseconds }
            return
        case .allSent:
            answerDeadline = .max
        }
        switch phase {
        case .closing:
            linger()
        case .waiting:
            // The previous response is out: go on with pipelined input, in order.
            phaseDeadline = loop.turnStarted + limits.idleTimeout.nanoseconds
            if resumingInput { processInput() }
        case .receiving:
            if resumingInput { processInput() }  // a 100 Continue went out; the body's clock runs on
        case .handling, .lingering:
            break
        }
    }

    /// Shuts our side and keeps reading briefly, so a client still sending
    /// (say, an oversized body) reads our answer instead of a reset.
    private func linger() {
        guard phase != .lingering else { return }
        // Shutting down: the response is out; don't hold the exit for the peer.
        guard !loop.shuttingDown else { return close() }
        phase = .lingering
        socket.shutdownWrite()
        phaseDeadline = loop.turnStarted + limits.lingerTimeout.nanoseconds
        discardInput()
    }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        loop.forget(self)
        socket.close()
    }
}
