import Dispatch
import FrameAuth
import FoundationEssentials
import Glibc
import HTTPServer

// Decide from the command line, start, serve until SIGTERM or SIGINT, drain, exit 0.
let configuration: Configuration
switch Launch.decide(arguments: Array(CommandLine.arguments.dropFirst()),
                     environment: ProcessInfo.processInfo.environment,
                     workingDirectory: FileManager.default.currentDirectoryPath) {
case .exit(let code, let output):
    let bytes = Array(output.utf8)
    code == 0 ? StandardStreams.writeToStandardOutput(bytes) : StandardStreams.writeToStandardError(bytes)
    exit(code)
case .run(let loaded):
    configuration = loaded
}

// Connections are capped below this limit (ServerLimits.fileDescriptorReserve).
AppLog.write("open file limit: \(OpenFileLimit.raiseToHardLimit())")
let application: Application
do {
    application = try Application.start(configuration)
} catch {
    AppLog.write("could not start: \(error)")
    exit(1)
}

let stopSignals = [SIGTERM, SIGINT].map { signalNumber in
    signal(signalNumber, SIG_IGN)
    // Top-level code is main-actor isolated, so the handler must run on the main queue.
    let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .main)
    source.setEventHandler {
        Task {
            await application.stop()
            exit(0)
        }
    }
    source.resume()
    return source
}
withExtendedLifetime(stopSignals) { dispatchMain() }
