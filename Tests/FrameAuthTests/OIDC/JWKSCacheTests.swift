@testable import FrameAuth
import Testing

extension OIDCTests {
    @Suite struct JWKSCacheTests {
        let clock = ManualClock()

        func cache(_ endpoint: StubKeyEndpoint) -> JWKSCache {
            JWKSCache(fetch: { try await endpoint.fetch() }, now: { [clock] in clock.now() })
        }

        @Test func key_fetchesOnFirstUse_thenAnswersAKnownKidWithoutFetching() async throws {
            let endpoint = StubKeyEndpoint(serving: try IDTokens.jwks([("key-1", TestRSAKeys.first)]))
            let cache = cache(endpoint)
            #expect(endpoint.fetches == 0)
            for _ in 0..<20 {
                _ = try await cache.key(for: "key-1")
                clock.advance(by: .seconds(60))
            }
            #expect(endpoint.fetches == 1)
        }

        /// A rotation just after the first load is picked up at once; the
        /// cooldown starts with that refetch.
        @Test func key_refetchesForAnUnknownKid_atOnceAfterTheFirstLoad_thenOncePerCooldown() async throws {
            let endpoint = StubKeyEndpoint(serving: try IDTokens.jwks([("key-1", TestRSAKeys.first)]))
            let cache = cache(endpoint)
            _ = try await cache.key(for: "key-1")
            endpoint.serve(try IDTokens.jwks([("key-2", TestRSAKeys.second)]))
            _ = try await cache.key(for: "key-2")
            #expect(endpoint.fetches == 2)

            endpoint.serve(try IDTokens.jwks([("key-3", TestRSAKeys.first)]))
            await #expect(throws: IDTokenError.unknownKeyID("key-3")) { try await cache.key(for: "key-3") }
            #expect(endpoint.fetches == 2)
            clock.advance(by: .seconds(10))
            _ = try await cache.key(for: "key-3")
            #expect(endpoint.fetches == 3)
        }

        /// A flood of tokens with made-up kids costs the key endpoint one fetch per cooldown.
        @Test func key_refetchesOnlyOncePerCooldown_forAFloodOfUnknownKids() async throws {
            let endpoint = StubKeyEndpoint(serving: try IDTokens.jwks([("key-1", TestRSAKeys.first)]))
            let cache = cache(endpoint)
            _ = try await cache.key(for: "key-1")
            clock.advance(by: .seconds(11))

            for attempt in 0..<100 {
                await #expect(throws: IDTokenError.unknownKeyID("bogus-\(attempt)")) { try await cache.key(for: "bogus-\(attempt)") }
                clock.advance(by: .milliseconds(50))
            }
            #expect(endpoint.fetches == 2)
            clock.advance(by: .seconds(5))
            await #expect(throws: IDTokenError.unknownKeyID("bogus")) { try await cache.key(for: "bogus") }
            #expect(endpoint.fetches == 3)
        }

        @Test func key_sharesOneFetch_amongConcurrentCallers() async throws {
            let gate = Gate()
            let endpoint = StubKeyEndpoint(serving: try IDTokens.jwks([("key-1", TestRSAKeys.first)]), hold: gate)
            let cache = cache(endpoint)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 {
                    group.addTask { _ = try await cache.key(for: "key-1") }
                }
                // Held open until every caller has had its turn to start a fetch of its own.
                while endpoint.fetches == 0 { await Task.yield() }
                for _ in 0..<200 { await Task.yield() }
                gate.open()
                try await group.waitForAll()
            }
            #expect(endpoint.fetches == 1)
        }

        @Test func key_keepsThePreviousKeys_whenARefetchFails() async throws {
            let endpoint = StubKeyEndpoint(serving: try IDTokens.jwks([("key-1", TestRSAKeys.first)]))
            let cache = cache(endpoint)
            _ = try await cache.key(for: "key-1")
            endpoint.serve(nil)
            clock.advance(by: .seconds(11))

            await #expect(throws: IDTokenError.keySetUnavailable) { try await cache.key(for: "key-2") }
            _ = try await cache.key(for: "key-1")
            #expect(endpoint.fetches == 2)
        }

        @Test func key_reportsTheKeySetUnavailable_untilAFetchSucceeds() async throws {
            let endpoint = StubKeyEndpoint(serving: nil)
            let cache = cache(endpoint)
            await #expect(throws: IDTokenError.keySetUnavailable) { try await cache.key(for: "key-1") }
            await #expect(throws: IDTokenError.keySetUnavailable) { try await cache.key(for: "key-1") }
            #expect(endpoint.fetches == 1)

            endpoint.serve(try IDTokens.jwks([("key-1", TestRSAKeys.first)]))
            clock.advance(by: .seconds(10))
            _ = try await cache.key(for: "key-1")
            #expect(endpoint.fetches == 2)
        }

        @Test(arguments: ["not json", #"{"keys":[]}"#, #"{"keys":[{"kty":"EC","kid":"key-1"}]}"#])
        func key_refusesAKeySetWithNoUsableKey_andKeepsThePreviousKeys(document: String) async throws {
            let endpoint = StubKeyEndpoint(serving: Array(document.utf8))
            let cache = cache(endpoint)
            await #expect(throws: IDTokenError.keySetInvalid) { try await cache.key(for: "key-1") }

            endpoint.serve(try IDTokens.jwks([("key-1", TestRSAKeys.first)]))
            clock.advance(by: .seconds(10))
            _ = try await cache.key(for: "key-1")
            endpoint.serve(Array(document.utf8))
            clock.advance(by: .seconds(10))
            await #expect(throws: IDTokenError.keySetInvalid) { try await cache.key(for: "key-2") }
            _ = try await cache.key(for: "key-1")
            #expect(endpoint.fetches == 3)
        }

        @Test func key_skipsAKeyWithAModulusUnder2048Bits() async throws {
            var small = IDTokens.jwk(kid: "small", key: TestRSAKeys.second)
            small["n"] = Base64URL.encode(Array(TestRSAKeys.second.modulus.prefix(128)))
            let endpoint = StubKeyEndpoint(serving: try IDTokens.jwks([("key-1", TestRSAKeys.first)], others: [small]))
            let cache = cache(endpoint)
            await #expect(throws: IDTokenError.unknownKeyID("small")) { try await cache.key(for: "small") }
            _ = try await cache.key(for: "key-1")
        }
    }
}
