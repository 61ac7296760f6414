/// Every limit of the sign-in side, in one place, with its default: how
/// long a sign-in may take and a browser session may last, how many
/// sign-ins may wait, and how much a request or a file may bring. The
/// server's own limits (sizes and times of requests) are `ServerLimits`.
public enum SignInLimits {
    /// How long a `state` from /login waits for its callback; also the
    /// browser-binding cookie's Max-Age (RFC 9700 §4.7). After it: the
    /// callback is refused and the user signs in again.
    public static let stateLifetime: Duration = .seconds(600)
    /// Sign-ins waiting across the instance (or across the replicas on
    /// Redis). Past it, the oldest gives way, whoever's it is: only a flood
    /// from very many addresses gets there.
    public static let pendingSignIns = 100_000
    /// Sign-ins waiting per client (an address, or an IPv6 /64). Past it,
    /// that client's own oldest gives way. Generous: an office behind one
    /// NAT is one client.
    public static let pendingSignInsPerClient = 256
    /// How long a browser session lasts: the session cookie's Max-Age, and
    /// when the store forgets the session.
    public static let sessionLifetime: Duration = .seconds(30 * 86_400)
    /// Longest `return_to` /login accepts, in bytes; a longer one is ignored
    /// and the user lands on `/`.
    public static let maxReturnPathBytes = 2048
    /// Largest file a `*_FILE` setting may name (client secret, API keys,
    /// encryption keys). Past it: a configuration problem.
    public static let maxSecretFileBytes = 64 * 1024
}
