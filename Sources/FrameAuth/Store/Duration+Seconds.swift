import FoundationEssentials

extension Duration {
    /// The duration in seconds, fractions included: session lifetimes and
    /// the token endpoint's latency histogram.
    var seconds: TimeInterval {
        TimeInterval(components.seconds) + TimeInterval(components.attoseconds) / 1e18
    }
}
