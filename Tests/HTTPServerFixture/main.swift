// An HTTP server in a process of its own, for tests of what is process-wide
// and must not touch the test runner's other tests: a low limit on open files.
//
//   http-server-fixture <open-file-limit> <descriptors kept back from connections>
//
// Lowers its soft RLIMIT_NOFILE, serves `ok` on 127.0.0.1 (one loop, any
// port), prints `port <n>` on standard output, logs errors on standard
// error, and exits when standard input closes.
import Glibc
import HTTPServer

struct Answer: HTTPResponder {
    func respondAtOnce(to request: HTTPRequest) -> HTTPResponse? { .text("ok\n") }
    func respond(to request: HTTPRequest) async -> HTTPResponse { .text("ok\n") }
}

guard CommandLine.arguments.count == 3, let openFiles = rlim_t(CommandLine.arguments[1]),
      let reserve = Int(CommandLine.arguments[2]) else {
    StandardStreams.writeToStandardError(Array("usage: http-server-fixture <open-file-limit> <reserve>\n".utf8))
    exit(2)
}
var limit = rlimit()
getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
limit.rlim_cur = openFiles
guard setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { exit(1) }

var configuration = HTTPServer.Configuration()
configuration.host = "127.0.0.1"
configuration.port = 0
configuration.loopCount = 1
configuration.accessLogSink = nil
configuration.limits.maxConnections = 100_000
configuration.limits.fileDescriptorReserve = reserve
let server = try HTTPServer(configuration: configuration, responder: Answer())
StandardStreams.writeToStandardOutput(Array("port \(server.port)\n".utf8))
var byte: UInt8 = 0
while read(0, &byte, 1) > 0 {}
exit(0)
