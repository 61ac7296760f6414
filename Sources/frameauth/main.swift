import Dispatch
import FrameAuth
import Glibc
import HTTPServer

// Start, serve until SIGTERM or SIGINT, drain, exit 0.
let application: Application
do {
    application = try Application.start(arguments: Array(CommandLine.arguments.dropFirst()))
} catch {
    StandardStreams.writeToStandardError(Array("frameauth: \(error)\n".utf8))
    exit(1)
}

let stopSignals = [SIGTERM, SIGINT].map { signalNumber in
    signal(signalNumber, SIG_IGN)
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
