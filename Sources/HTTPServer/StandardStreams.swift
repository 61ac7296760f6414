import Glibc

/// Whole-buffer writes to stdout and stderr (a short write is retried).
public enum StandardStreams {
    @Sendable public static func writeToStandardOutput(_ bytes: [UInt8]) { writeAll(1, bytes) }
    @Sendable public static func writeToStandardError(_ bytes: [UInt8]) { writeAll(2, bytes) }

    /// One log line on stderr, whatever the message holds: line breaks
    /// inside it become spaces, so a value quoted in it cannot forge a line.
    @Sendable public static func writeErrorLine(_ message: String) {
        let line = String(String.UnicodeScalarView(message.unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : $0 }))
        writeToStandardError(Array("\(line)\n".utf8))
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}
