import Foundation
import Glibc

/// `http-server-fixture` running in a child process: its port, the lines
/// it logged, and the CPU time it has used.
final class ServerProcess {
    let port: Int
    private let process = Process()
    private let input = Pipe()
    private let errorFile: URL

    /// Starts the fixture with `arguments`; returns once it listens.
    init(_ arguments: [String]) throws {
        let directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        process.executableURL = directory.appendingPathComponent("http-server-fixture")
        process.arguments = arguments
        errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("fixture-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        guard line.hasPrefix("port "), let port = Int(line.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw FixtureError.didNotStart(line)
        }
        self.port = port
    }

    enum FixtureError: Error { case didNotStart(String) }

    /// Every line the server logged so far.
    var errorLines: [Substring] {
        (try? String(contentsOf: errorFile, encoding: .utf8))?.split(separator: "\n") ?? []
    }

    /// User and system CPU time used so far, in clock ticks (proc(5): fields 14 and 15 of `stat`).
    var cpuTicks: Int {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
              let afterName = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: afterName)...].split(separator: " ")
        return (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)
    }

    static let ticksPerSecond = sysconf(Int32(_SC_CLK_TCK))

    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: errorFile)
    }
}
