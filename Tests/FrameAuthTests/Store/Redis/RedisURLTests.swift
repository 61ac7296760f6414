import Testing
@testable import FrameAuth

@Suite struct RedisURLTests {
    @Test func parse_readsEveryFormTheContractNames() throws {
        let plain = try RedisURL(parsing: "redis://cache.internal")
        #expect(plain.endpoint == .tcp(host: "cache.internal", port: 6379))
        #expect(plain.username == nil && plain.password == nil && plain.database == 0)

        let full = try RedisURL(parsing: "redis://frameauth:s%40cret%2Fpw@10.0.0.5:6380/2")
        #expect(full.endpoint == .tcp(host: "10.0.0.5", port: 6380))
        #expect(full.username == "frameauth" && full.password == "s@cret/pw" && full.database == 2)

        let passwordOnly = try RedisURL(parsing: "redis://:pw@[::1]:7000")
        #expect(passwordOnly.endpoint == .tcp(host: "::1", port: 7000))
        #expect(passwordOnly.username == nil && passwordOnly.password == "pw")

        let socket = try RedisURL(parsing: "unix:///run/redis/redis.sock")
        #expect(socket.endpoint == .unixSocket(path: "/run/redis/redis.sock") && socket.database == 0)

        let socketWithPassword = try RedisURL(parsing: "unix://:pw@/run/redis/redis.sock?db=4")
        #expect(socketWithPassword.endpoint == .unixSocket(path: "/run/redis/redis.sock"))
        #expect(socketWithPassword.password == "pw" && socketWithPassword.database == 4)
    }

    @Test(arguments: [
        ("cache:6379", "must start with redis:// or unix://"),
        ("http://cache:6379", "must start with redis:// or unix://"),
        ("rediss://cache:6379", "TLS"),
        ("redis://", "needs a host"),
        ("redis://cache:0", "port"),
        ("redis://cache:65536", "port"),
        ("redis://cache:63x9", "port"),
        ("redis://cache/-1", "database"),
        ("redis://cache/one", "database"),
        ("redis://cache?db=1", "?query"),
        ("redis://cache#frag", "#fragment"),
        ("redis://ca che", "host"),
        ("redis://[::1", "closing ]"),
        ("redis://user:@cache", "empty password"),
        ("redis://:%zzpw@cache", "two hex digits"),
        ("unix://relative/redis.sock", "absolute path"),
        ("unix:///run/redis.sock?database=1", "?db=N"),
    ])
    func parse_refusesWithAReasonThatNeverRepeatsTheURL(text: String, reason: String) {
        // What follows the scheme is where a password would be.
        let afterScheme = text.components(separatedBy: "://").last ?? text
        #expect {
            try RedisURL(parsing: text)
        } throws: { error in
            let description = String(describing: error)
            return description.hasPrefix("store_url ") && description.contains(reason)
                && (afterScheme.isEmpty || !description.contains(afterScheme))
        }
    }

    @Test func description_masksThePassword_andKeepsEverythingElse() throws {
        let secret = "hunter2-but-longer"
        let tcp = try RedisURL(parsing: "redis://frameauth:\(secret)@10.0.0.5:6380/2")
        #expect(tcp.description == "redis://frameauth:***@10.0.0.5:6380/2")
        let socket = try RedisURL(parsing: "unix://:\(secret)@/run/redis.sock?db=3")
        #expect(socket.description == "unix://:***@/run/redis.sock?db=3")
        let ipv6 = try RedisURL(parsing: "redis://[::1]")
        #expect(ipv6.description == "redis://[::1]:6379/0")
        for url in [tcp, socket] {
            #expect(!"\(url)".contains(secret) && !String(reflecting: url).contains(secret))
            var dumped = ""
            dump(url, to: &dumped)
            #expect(!dumped.contains(secret))
        }
    }
}
