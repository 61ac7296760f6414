import HTTPServer

/// `frameauth --healthcheck`: one GET of `/healthz` from the server the same
/// configuration starts, for a container's HEALTHCHECK in an image that has
/// no curl. It blocks, which is fine: it is a process of its own.
enum HealthCheck {
    /// Docker counts a check that outlives its own time-out as a failure, so
    /// a server that is slower than this is unhealthy anyway.
    static let limits: HTTPClientConfiguration = {
        var limits = HTTPClientConfiguration()
        limits.connectTimeout = .seconds(2)
        limits.totalTimeout = .seconds(3)
        // `/healthz` answers "ok\n"; nothing bigger is worth reading.
        limits.maxResponseBytes = 1024
        return limits
    }()

    /// Why the check failed, in one line without a secret: the URL holds only
    /// the loopback address and the port.
    struct Unhealthy: Error, CustomStringConvertible {
        var description: String
    }

    /// Exit 0 and silence on a 200; otherwise exit 1 (Docker's "unhealthy")
    /// and one line saying why.
    static func run(_ configuration: Configuration) -> Launch.Outcome {
        do {
            let url = try url(for: configuration)
            let response: HTTPClientResponse
            do { response = try HTTPClient.blockingGet(url: url, configuration: limits) } catch {
                throw Unhealthy(description: "\(url): \(error)")
            }
            guard response.status == 200 else { throw Unhealthy(description: "\(url) answered \(response.status)") }
            return .exit(code: 0, output: "")
        } catch {
            return .exit(code: 1, output: "frameauth --healthcheck: unhealthy: \(error)\n")
        }
    }

    /// `/healthz` on the address the server listens on that a local client
    /// can reach: a wildcard bind is reached over the loopback of its family.
    static func url(for configuration: Configuration) throws(Unhealthy) -> String {
        guard configuration.port != 0 else {
            throw Unhealthy(description: "port 0 picks a free port at start-up, so there is none to check; set a fixed port")
        }
        let address: String
        switch IPAddress(configuration.host) {
        case let host? where host.isWildcard: address = host.isV6 ? "[::1]" : "127.0.0.1"
        case let host? where host.isLoopback: address = configuration.hostInURL
        default:
            // The client sends plain http only to loopback (OutboundURL).
            throw Unhealthy(description: "host \(configuration.host) is not a loopback or wildcard address, and the check calls only loopback; bind 0.0.0.0, :: or a loopback address")
        }
        return "http://\(address):\(configuration.port)/healthz"
    }
}
