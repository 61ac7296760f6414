import Foundation
@testable import FrameAuth
import HTTPServer
import LoopbackClient
import Testing

/// `/readyz`: 200 while the session store can persist, 503 as soon as it cannot.
@Suite("Readiness", .serialized) struct ReadinessTests {
    static func readyz(_ harness: SignInHarness, method: String = "GET") throws -> RawResponse {
        let client = try RawClient(port: harness.port)
        try client.send("\(method) /readyz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        return try client.readResponse(bodyExpected: method != "HEAD")
    }

    @Test func readyz_is200_onceTheStoreIsLoaded_andHEADWorks() async throws {
        let harness = try SignInHarness()
        let response = try Self.readyz(harness)
        #expect(response.status == 200)
        #expect(response.text == "ready\n")
        #expect(response.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(try Self.readyz(harness, method: "HEAD").status == 200)
        await harness.stop()
    }

    /// Root ignores file modes, so taking the folder away is how a test makes
    /// the data directory unusable; the store would otherwise go on appending
    /// to a journal that no longer has a name.
    @Test func readyz_is503_whenTheDataDirectoryIsGone() async throws {
        let harness = try SignInHarness()
        _ = try harness.signIn(TestBrowser(port: harness.port))
        try FileManager.default.removeItem(atPath: harness.dataDir)
        let response = try Self.readyz(harness)
        #expect(response.status == 503)
        #expect(response.text == "not ready: the session store cannot write to data_dir\n")
        #expect(!response.text.contains(harness.dataDir))
        await harness.stop()
    }

    @Test func readyz_is503_whenTheJournalWasReplaced() async throws {
        let harness = try SignInHarness()
        let journal = harness.dataDir + "/" + Journal.fileName
        try FileManager.default.removeItem(atPath: journal)
        StoreFixtures.writeBytes([], to: journal)
        #expect(try Self.readyz(harness).status == 503)
        await harness.stop()
    }

    @Test func readiness_is503_afterAFailedWrite_and200_onceWritesWorkAgain() async throws {
        let directory = TemporaryDirectory()
        let writes = FailingWrites()
        let store = try StoreFixtures.makeStore(directory, writes: writes)
        let route = ReadinessRoute(store: store)
        #expect(await route.answer().status == .ok)

        writes.set(failing: true)
        await #expect(throws: StoreError.self) { try await StoreFixtures.signIn(store) }
        #expect(await route.answer().status == .serviceUnavailable)

        writes.set(failing: false)
        #expect(await route.answer().status == .ok)
        await store.close()
    }
}
