extension ConfigurationRules {
    /// Contract §2: absolute, `https` except on a loopback host (OutboundURL's
    /// rule), no `user:password@`, and no fragment, which RFC 6749 §3.1.2
    /// forbids in a redirect URI and which no endpoint needs.
    ///
    /// The one rule that needs libcurl (through OutboundURL), kept apart so
    /// the configuration fuzz target can be built without it.
    static func endpointProblem(_ url: String) -> String? {
        let fix = "give an absolute https URL (http only to 127.0.0.1, ::1 or localhost), without user:password@ or #fragment"
        do {
            _ = try OutboundURL(url)
        } catch {
            guard case .invalidURL(let reason) = error else { return "is not a usable URL; \(fix)" }
            return "\(reason); \(fix)"
        }
        return url.contains("#") ? "must not have a #fragment; \(fix)" : nil
    }
}
