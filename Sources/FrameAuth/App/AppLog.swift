import FoundationEssentials

import HTTPServer

/// FrameAuth's own log lines (start-up, sign-ins, failures) on standard
/// error, one per line; the access log has standard output to itself.
public enum AppLog {
    @Sendable public static func write(_ message: String) {
        // One line per message, whatever the message holds.
        let line = String(String.UnicodeScalarView(message.unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : $0 }))
        StandardStreams.writeToStandardError(Array("frameauth: \(line)\n".utf8))
    }
}
