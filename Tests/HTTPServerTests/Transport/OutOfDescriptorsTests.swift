import LoopbackClient
import Testing

extension Loopback {
    /// A server out of file descriptors: the connection it cannot accept
    /// stays in the backlog, and the listener must not wake the loop for it
    /// again and again. Runs in a child process, whose limit on open files
    /// can be lowered without touching this runner's other tests.
    @Suite struct OutOfDescriptors {
        @Test func acceptOutOfDescriptors_backsOff_insteadOfSpinning_andServesAgainOnceConnectionsClose() async throws {
            // No descriptors kept back: connections may use them all, so accept meets EMFILE.
            let server = try ServerProcess(["64", "0"])
            // More connections than 64 descriptors can hold; the rest wait in the backlog.
            var held = try (0..<80).map { _ in try RawClient(port: server.port) }
            try await Task.sleep(for: .milliseconds(300))
            let ticks = server.cpuTicks
            let lines = server.errorLines.count
            try await Task.sleep(for: .seconds(1))
            let busy = Double(server.cpuTicks - ticks) / Double(ServerProcess.ticksPerSecond)
            let logged = server.errorLines.count - lines
            #expect(server.errorLines.contains { $0.contains("Too many open files") })
            #expect(busy < 0.2, "the server used \(busy) s of CPU in one second out of descriptors")
            #expect(logged <= 2, "\(logged) lines logged in one second")

            held.removeAll()
            let fresh = try RawClient(port: server.port, receiveTimeout: 3)
            try fresh.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try fresh.readResponse().text == "ok\n")
            server.stop()
        }
    }
}
