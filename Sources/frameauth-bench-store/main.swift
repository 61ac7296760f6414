// frameauth-bench-store: the session store's cost per sign-in as it grows.
// Usage: frameauth-bench-store [--redis URL] DATA_DIR USERS [WINDOW]
// Signs USERS distinct users in (as /callback does) into a fresh store and
// times windows of WINDOW sign-ins at 1, 1,000 and the last. The store is the
// journal in DATA_DIR, one durable append per sign-in (its key is generated
// into DATA_DIR, so frameauth can be started on it afterwards), or with
// --redis the Redis store at URL, which should be empty (bench/replicas.py).
// Prints tab-separated lines:
//   persist <first sign-in of window> <median us> <p90 us> <journal bytes per sign-in, 0 on Redis>
//   reopen <ms to open the store with all users> <users loaded>     (journal only)
// (Memory with all users is measured on frameauth itself, by bench/run, and
// in Redis by bench/replicas.py.)
import FoundationEssentials
import FrameAuth
import Glibc

var arguments = Array(CommandLine.arguments.dropFirst())
var redisURL: RedisURL?
if arguments.first == "--redis", arguments.count > 1 {
    redisURL = try RedisURL(parsing: arguments[1])
    arguments.removeFirst(2)
}
guard arguments.count >= 2, let users = Int(arguments[1]), users > 0 else {
    print("usage: frameauth-bench-store [--redis URL] DATA_DIR USERS [WINDOW]")
    exit(2)
}
let dataDir = arguments[0]
let window = arguments.count > 2 ? Int(arguments[2]) ?? 100 : 100
let journalPath = dataDir + "/sessions.journal"
let quiet: @Sendable (String) -> Void = { _ in }

func fileSize(_ path: String) -> Int {
    var info = stat()
    return stat(path, &info) == 0 ? Int(info.st_size) : 0
}

func microseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p + 0.5))]
}

/// Windows of `window` sign-ins starting at 1, 1,000 and the last `window` (1-based).
let windowStarts = Array(Set([1, 1_000, users - window + 1].filter { $0 >= 1 && $0 + window - 1 <= users })).sorted()

let key = try EncryptionKey.loadOrCreate(configured: nil, dataDir: dataDir, log: quiet)
let store: any SessionStore = try redisURL.map { url throws in try RedisStore(redis: RedisClient(url: url), key: key) }
    ?? JournalStore(directory: dataDir, key: key, log: quiet)
let clock = ContinuousClock()
let expiry = Date().addingTimeInterval(3_600)
// Every user bound to one V4 app, as in a real deployment.
let binding = SessionBinding(provider: "frameio-v4", issuer: "https://ims-na1.adobelogin.com",
                             tokenURL: "https://ims-na1.adobelogin.com/ims/token/v3", clientID: "0123456789abcdef0123456789abcdef")
var times: [Int: [Double]] = [:]
var bytes: [Int: Int] = [:]

for index in 1...users {
    let id = "bench-user-\(index)"
    let profile = UserProfile(id: id, email: "\(id)@example.test", name: "Bench User \(index)")
    // Token sizes like Frame.io's (opaque strings of a few dozen bytes).
    let tokens = TokenSet(
        accessToken: "access-\(index)-0123456789abcdef0123456789abcdef",
        refreshToken: "refresh-\(index)-0123456789abcdef0123456789abcdef",
        tokenType: "bearer", scope: "offline account.read asset.read",
        expiresAt: expiry, refreshExpiresAt: expiry.addingTimeInterval(30 * 86_400)
    )
    let start = windowStarts.last { $0 <= index && index < $0 + window }
    let sizeBefore = start == nil ? 0 : fileSize(journalPath)
    let began = clock.now
    try await store.signIn(profile: profile, tokens: tokens, binding: binding, subject: nil, newSession: .generate(), replacing: nil)
    if let start {
        times[start, default: []].append(microseconds(clock.now - began))
        bytes[start, default: 0] += fileSize(journalPath) - sizeBefore
    }
}
for start in windowStarts {
    let values = times[start]!
    print("persist\t\(start)\t\(percentile(values, 0.5))\t\(percentile(values, 0.9))\t\(bytes[start]! / values.count)")
}
await store.close()
guard redisURL == nil else { exit(0) }

let opening = clock.now
let reopened = try JournalStore(directory: dataDir, key: key, log: quiet)
let openMs = microseconds(clock.now - opening) / 1e3
print("reopen\t\(openMs)\t\(reopened.userCount())")
await reopened.close()
