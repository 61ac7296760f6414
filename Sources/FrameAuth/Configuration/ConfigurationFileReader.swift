import Glibc

/// Reads the small files configuration names (the config file, `.env`,
/// `*_FILE` secrets), refusing anything past a size limit so a mistaken
/// path such as `/dev/zero` cannot hang start-up.
enum ConfigurationFileReader {
    static let sizeLimit = 1 << 20

    enum Failure: Error, Equatable {
        case missing
        case unreadable(reason: String)
        case tooLarge(limit: Int)

        /// Says why, never what the file holds.
        var reason: String {
            switch self {
            case .missing: "no such file"
            case .unreadable(let reason): reason
            case .tooLarge(let limit): "larger than \(limit) bytes"
            }
        }
    }

    /// How loading reads the files settings name: `read` below, or, in the
    /// configuration fuzz target, files held in memory, so that fuzzed paths
    /// such as /dev/tty never reach the file system.
    typealias Read = (_ path: String, _ limit: Int) -> Result<[UInt8], Failure>

    static func read(_ path: String, limit: Int = sizeLimit) -> Result<[UInt8], Failure> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            return .failure(errno == ENOENT ? .missing : .unreadable(reason: String(cString: strerror(errno))))
        }
        defer { close(descriptor) }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return .success(contents) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(reason: String(cString: strerror(errno))))
            }
            contents += chunk[..<count]
            if contents.count > limit { return .failure(.tooLarge(limit: limit)) }
        }
    }

    /// `path` as given when absolute, otherwise under `directory`.
    static func resolve(_ path: String, in directory: String) -> String {
        if path.hasPrefix("/") { return path }
        let relative = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        if relative.isEmpty || relative == "." { return directory }
        return directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
    }
}
