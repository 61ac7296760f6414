/// Every limit of the server, in one place, with the default beside it and
/// what happens past it: the limits a client can reach, and those that pace
/// the server's own work.
///
/// A client that passes a limit gets its 4xx (or 503) answer and the
/// connection is closed; nothing here is unbounded.
public struct ServerLimits: Sendable, Equatable {
    /// Longest request line (method, target, version). Past it: 414.
    public var maxRequestLineBytes: Int = 8 * 1024
    /// Total bytes of the header section, request line excluded. Past it: 431.
    public var maxHeaderBytes: Int = 16 * 1024
    /// Most header fields in one request (trailers included). Past it: 431.
    public var maxHeaderCount: Int = 100
    /// Largest request body, after chunked decoding. Past it: 413.
    public var maxBodyBytes: Int = 64 * 1024
    /// Longest chunk-size line of a chunked body, extensions included. Past it: 400.
    public var maxChunkLineBytes: Int = 1024
    /// Time from a request's first byte until its head is complete. Past it: 408 and close.
    public var requestHeadTimeout: Duration = .seconds(10)
    /// Time from the end of the head until the body is complete. Past it: 408 and close.
    public var requestBodyTimeout: Duration = .seconds(20)
    /// How long a keep-alive connection may sit with no request before it is closed.
    public var idleTimeout: Duration = .seconds(30)
    /// After the last answer on a connection that closes (a refusal, or the
    /// client's `Connection: close`), our side is shut and what the client
    /// still sends is read and dropped for this long, so it reads the answer
    /// rather than a reset. Past it: close.
    public var lingerTimeout: Duration = .seconds(2)
    /// How long an answer may stay queued for a client that does not take
    /// it: counted from the moment the socket first refuses its bytes, and
    /// never pushed back, neither by what the client sends meanwhile (which
    /// is not even read) nor by a trickle of progress. Past it: close.
    public var writeTimeout: Duration = .seconds(20)
    /// Answer bytes queued for one connection. Nothing more is read from a
    /// connection while an answer is queued, so the queue holds one answer;
    /// this must stay above the largest (StaticFiles serves up to
    /// maxStaticFileBytes). An answer past it closes the connection.
    public var maxQueuedOutputBytes: Int = 16 * 1024 * 1024
    /// Largest file StaticFiles serves (its default cap). Past it: 404, and a line in the error log.
    public var maxStaticFileBytes: Int = 8 * 1024 * 1024
    /// Request bytes read but not yet parsed, per connection: reading stops
    /// here. A request whose bytes on the wire (head, body and chunk framing)
    /// do not fit gets 413, so keep it above maxRequestLineBytes +
    /// maxHeaderBytes + maxBodyBytes, with room for chunk framing.
    public var maxBufferedInputBytes: Int = 256 * 1024
    /// Open connections across the whole server. Past it: 503 and close.
    public var maxConnections: Int = 4096
    /// Connections the kernel completes and queues before the server accepts
    /// them (the listen backlog). Past it: the kernel drops new connection attempts.
    public var listenBacklog: Int = 1024
    /// Connections accepted each time the listener wakes its loop, so a flood
    /// of new connections cannot starve established ones. Past it: the rest
    /// wait in the listen backlog for the loop's next turn.
    public var maxAcceptsPerWakeUp: Int = 64
    /// Descriptors kept back from connections for what else the process
    /// opens (static files, the journal, libcurl's connections, epoll and
    /// eventfd): connections are capped at the open file limit less this,
    /// when that is below maxConnections, so accept does not run out first.
    public var fileDescriptorReserve: Int = 128
    /// When accept fails for want of descriptors or kernel memory (EMFILE,
    /// ENFILE, ENOBUFS, ENOMEM), the listener is not watched for this long;
    /// the connection waits in the listen backlog meanwhile.
    public var acceptBackoff: Duration = .milliseconds(100)
    /// A failure that repeats (accept out of descriptors) is logged at most
    /// once in this time, with the number of lines held back.
    public var repeatedErrorLogInterval: Duration = .seconds(1)
    /// On SIGTERM/SIGINT: how long in-flight requests may still run.
    public var shutdownGracePeriod: Duration = .seconds(10)
    /// How often each loop checks the deadlines above: a time-out fires up to
    /// this much after it passes.
    public var timerTick: Duration = .milliseconds(50)

    public init() {}
}
