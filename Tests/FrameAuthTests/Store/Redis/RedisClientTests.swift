import Foundation
import LoopbackClient
import Testing
@testable import FrameAuth

/// The Redis client against Debian's redis-server on loopback.
@Suite struct RedisClientTests {
    /// A server of this test's own, alive as long as the test (Swift Testing
    /// makes a suite value per test).
    private let server: RedisServer

    init() throws {
        server = try RedisServer()
    }

    /// A duration of real time, stretched under a sanitizer, where the same
    /// work takes several times longer (`Sanitizer.slowdown`).
    private static func scaled(_ duration: Duration) -> Duration { duration * Sanitizer.slowdown }

    private static func timeouts(command: Duration = .seconds(2)) -> RedisTimeouts {
        var timeouts = RedisTimeouts()
        timeouts.command = command
        timeouts.firstBackoff = scaled(.milliseconds(200))
        return timeouts
    }

    @Test(arguments: [false, true])
    func call_storesAndReadsAnyBytes_overTCPAndTheUnixSocket(overSocket: Bool) async throws {
        let client = RedisClient(url: server.url(overSocket: overSocket))
        let value: [UInt8] = [0, 13, 10, 255, 0x24, 0x2A] + Array("tail".utf8)
        try await client.call("SET", [Array("key".utf8), value])
        #expect(try await client.call("GET", "key").bytesOrNull() == value)
        #expect(try await client.call("GET", "missing").bytesOrNull() == nil)
        try await client.call("SET", [Array("empty".utf8), []])
        #expect(try await client.call("GET", "empty").bytesOrNull() == [])
    }

    @Test func call_signsInWithThePassword_andARefusalNeverShowsIt() async throws {
        let password = "redis-password-0123456789"
        let server = try RedisServer(password: password)
        #expect(try await RedisClient(url: server.url()).call("PING") == .status("PONG"))

        let wrong = "not-the-password-9876543210"
        let failures: [RedisError] = [
            await failure { try await RedisClient(url: server.url(password: wrong)).call("PING") },
            await failure { try await RedisClient(url: RedisURL(parsing: "redis://127.0.0.1:\(server.port)")).call("PING") },
        ]
        #expect(failures[0].description.contains("WRONGPASS"))
        #expect(failures[1].description.contains("NOAUTH"))
        for failure in failures {
            #expect(!failure.description.contains(password) && !failure.description.contains(wrong))
        }
    }

    @Test func call_worksOnTheURLsDatabase_only() async throws {
        try await RedisClient(url: server.url(database: 3)).call("SET", "key", "in 3")
        #expect(try await RedisClient(url: server.url(database: 3, overSocket: true)).call("GET", "key").bytesOrNull() == Array("in 3".utf8))
        #expect(try await RedisClient(url: server.url(database: 0)).call("GET", "key").bytesOrNull() == nil)
    }

    @Test func call_failsAtOnceWhileRedisIsDown_andWorksAgainWhenItIsBack_withTheSameClient() async throws {
        var timeouts = Self.timeouts()
        timeouts.connect = .seconds(5)
        // Long, so the third call below lands within it however busy the machine.
        timeouts.firstBackoff = .seconds(3)
        let client = RedisClient(url: server.url(), connections: 1, timeouts: timeouts)
        try await client.call("SET", "kept", "yes")
        server.stop()

        let started = ContinuousClock.now
        let lost = await failure { try await client.call("GET", "kept") }
        let refused = await failure { try await client.call("GET", "kept") }
        // Within the back-off the worker does not even try.
        let waiting = await failure { try await client.call("GET", "kept") }
        // Not one of them waited for the connect time-out.
        #expect(ContinuousClock.now - started < Self.scaled(.seconds(5)))
        for error in [lost, refused, waiting] {
            guard case .unavailable = error else { Issue.record("\(error) is not .unavailable"); continue }
        }
        #expect(waiting == .unavailable(reason: "reconnecting after a failed attempt"))

        try server.start()
        var kept: RedisReply?
        let deadline = ContinuousClock.now + Self.scaled(.seconds(10))
        while kept == nil, ContinuousClock.now < deadline {
            kept = try? await client.call("GET", "kept")
            if kept == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        // appendfsync always: what was acknowledged before the kill is there.
        #expect(try kept?.bytesOrNull() == Array("yes".utf8))
    }

    /// Redis being gone is a fact about Redis: one failed attempt holds every
    /// worker back, and the first connection made once it is back lets them all go.
    @Test func oneFailedAttempt_holdsEveryWorkerBack_andOneSuccessReleasesThemAll() async throws {
        var timeouts = Self.timeouts()
        // Long enough for the eight calls below to land within it, even on a
        // loaded machine (2 s was once too short with the whole suite running).
        timeouts.firstBackoff = Self.scaled(.seconds(5))
        let client = RedisClient(url: server.url(), connections: 4, timeouts: timeouts)
        try await client.call("PING")
        server.stop()
        // The worker's connection breaks; its next call tries to connect and is refused.
        _ = await failure { try await client.call("PING") }
        let refused = await failure { try await client.call("PING") }
        #expect(refused.description.contains("Connection refused"), "\(refused)")
        let held = await withTaskGroup(of: RedisError?.self) { group in
            for _ in 0..<8 { group.addTask { await Self.error(of: { try await client.call("PING") }) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        // No other worker tried to connect to the Redis that just refused one.
        #expect(held == Array(repeating: .unavailable(reason: "reconnecting after a failed attempt"), count: 8))

        try server.start()
        try await Task.sleep(for: Self.scaled(.milliseconds(5_100)))
        #expect(try await client.call("PING") == .status("PONG"))
        let answers = await withTaskGroup(of: RedisError?.self) { group in
            for _ in 0..<16 { group.addTask { await Self.error(of: { try await client.call("PING") }) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers == Array(repeating: nil, count: 16))
    }

    /// The RedisError a call throws, or nil when it succeeds.
    private static func error(of call: @Sendable () async throws -> RedisReply) async -> RedisError? {
        do {
            _ = try await call()
            return nil
        } catch {
            return error as? RedisError ?? .unavailable(reason: "\(error)")
        }
    }

    @Test func call_givesUpAfterTheCommandTimeOut_andTheNextCallGetsAFreshConnection() async throws {
        let client = RedisClient(url: server.url(), connections: 1, timeouts: Self.timeouts(command: .milliseconds(300)))
        let started = ContinuousClock.now
        // BLPOP on an empty list waits 30 s on the server.
        let error = await failure { try await client.call("BLPOP", "nothing", "30") }
        #expect(error == .timedOut)
        #expect(ContinuousClock.now - started < Self.scaled(.seconds(10)))
        // Had the connection been kept, the BLPOP's late null would answer this.
        try await client.call("RPUSH", "list", "item")
        #expect(try await client.call("LPOP", "list").bytesOrNull() == Array("item".utf8))
    }

    /// A command larger than the socket's buffer, to a Redis that is gone:
    /// the write after its reset raises SIGPIPE, which must not end the process.
    @Test func aLargeCommandToARedisThatIsGone_isAnError_notTheEndOfTheProcess() async throws {
        let client = RedisClient(url: server.url(), connections: 1)
        try await client.call("PING")
        server.stop()
        let large = [UInt8](repeating: 0x61, count: 8 << 20)
        let error = await failure { try await client.call("SET", [Array("key".utf8), large]) }
        guard case .unavailable = error else { Issue.record("\(error)"); return }
    }

    @Test func pool_boundsTheConnectionsOpenToRedis() async throws {
        let client = RedisClient(url: server.url(), connections: 3)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<60 { group.addTask { try await client.call("INCR", "counter") } }
            try await group.waitForAll()
        }
        #expect(try await client.call("GET", "counter").bytesOrNull() == Array("60".utf8))
        let list = try #require(try await client.call("CLIENT", "LIST").bytesOrNull())
        let connections = String(decoding: list, as: UTF8.self).split(separator: "\n").count
        #expect((1...3).contains(connections))
    }

    @Test func errorReplies_areThrownAsRefusals_andTheConnectionStaysUsable() async throws {
        let client = RedisClient(url: server.url(), connections: 1)
        try await client.call("SET", "text", "x")
        let error = await failure { try await client.call("LPUSH", "text", "y") }
        #expect(error.description.contains("WRONGTYPE"))
        #expect(try await client.call("PING") == .status("PONG"))
    }

    /// The error `call` throws; a test failure if it succeeds or throws another type.
    private func failure(_ call: () async throws -> RedisReply) async -> RedisError {
        do {
            let reply = try await call()
            Issue.record("expected a failure, got \(reply)")
        } catch let error as RedisError {
            return error
        } catch {
            Issue.record("expected a RedisError, got \(error)")
        }
        return .unavailable(reason: "none")
    }
}
