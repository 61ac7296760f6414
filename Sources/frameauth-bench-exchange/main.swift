// frameauth-bench-exchange: what a code exchange costs FrameAuth over TLS.
// Usage: frameauth-bench-exchange TOKEN_URL CA_FILE COUNT reused|fresh
// POSTs COUNT authorization-code exchanges (after one to warm up) to
// TOKEN_URL (https, its certificate issued by CA_FILE) with FrameAuth's own
// HTTP client, and prints the microseconds per exchange:
//   reused  one client, as the server runs: every POST on a new connection
//           (so it is never resent), with the TLS session resumed
//   fresh   a new client per exchange: a new handle, TCP connection and full TLS handshake
import FoundationEssentials
import FrameAuth
import Glibc

let arguments = CommandLine.arguments
guard arguments.count == 5, let count = Int(arguments[3]), count > 0, ["reused", "fresh"].contains(arguments[4]) else {
    print("usage: frameauth-bench-exchange TOKEN_URL CA_FILE COUNT reused|fresh")
    exit(2)
}
let tokenURL = arguments[1]
var configuration = HTTPClientConfiguration()
configuration.trustedCAFile = arguments[2]
configuration.maxConcurrentCalls = 1
let form = [("grant_type", "authorization_code"), ("code", "bench-code"), ("redirect_uri", "http://127.0.0.1/callback")]

func exchange(with client: HTTPClient) async throws {
    let response = try await client.formPost(url: tokenURL, form: form)
    guard response.status == 200 else {
        print("frameauth-bench-exchange: the token endpoint answered \(response.status)")
        exit(1)
    }
}

/// Microseconds per exchange over `count` exchanges, after one to warm up.
func timeExchanges(client: () -> HTTPClient) async throws -> Int {
    try await exchange(with: client())
    let clock = ContinuousClock()
    let began = clock.now
    for _ in 0..<count { try await exchange(with: client()) }
    let elapsed = (clock.now - began).components
    return Int((elapsed.seconds * 1_000_000 + elapsed.attoseconds / 1_000_000_000_000) / Int64(count))
}

if arguments[4] == "reused" {
    let shared = HTTPClient(configuration: configuration)
    print(try await timeExchanges { shared })
} else {
    print(try await timeExchanges { HTTPClient(configuration: configuration) })
}
