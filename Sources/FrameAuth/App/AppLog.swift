import HTTPServer

/// FrameAuth's own log lines (start-up, sign-ins, failures) on standard
/// error, one per line; the access log has standard output to itself.
public enum AppLog {
    @Sendable public static func write(_ message: String) {
        StandardStreams.writeErrorLine("frameauth: " + message)
    }
}
