/// Every limit of an outgoing call, with its default beside it.
public struct HTTPClientConfiguration: Sendable, Equatable {
    /// Give up when no connection (TCP and TLS) is made within this long
    /// (CURLOPT_CONNECTTIMEOUT_MS). Contract §3: 5 s.
    public var connectTimeout: Duration = .seconds(5)
    /// Give up when the whole call, connecting included, takes longer
    /// (CURLOPT_TIMEOUT_MS). Contract §3: 15 s.
    public var totalTimeout: Duration = .seconds(15)
    /// Largest response body accepted; past it the transfer is aborted and
    /// the call fails. Contract §3: 1 MiB.
    public var maxResponseBytes: Int = 1024 * 1024
    /// Calls that may run at once. Each runs on its own worker with its own
    /// reused libcurl handle; further calls wait for a free worker.
    public var maxConcurrentCalls: Int = 4
    /// Sent as `User-Agent`, so the provider's logs can tell FrameAuth apart.
    public var userAgent: String = "FrameAuth"
    /// A PEM file of the certificate authorities to trust instead of the
    /// system's (CURLOPT_CAINFO): a private CA, or a local TLS endpoint in
    /// the benchmark. Verification stays on either way.
    public var trustedCAFile: String?

    public init() {}
}
