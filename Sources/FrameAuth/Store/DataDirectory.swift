import Glibc

/// The folder the store keeps its files in (`data_dir`), usable by its owner only.
enum DataDirectory {
    /// Creates `path` (mode 0700) when missing, and tightens an existing one
    /// that group or others can enter to 0700, saying so in the log. The
    /// parent must already exist: a mistyped path should fail, not sprout folders.
    static func prepare(_ path: String, log: @Sendable (String) -> Void) throws(StoreError) {
        var info = stat()
        if stat(path, &info) != 0 {
            guard errno == ENOENT else { throw .fileOperation("stat", path: path, errno: errno) }
            guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
                throw .fileOperation("create directory", path: path, errno: errno)
            }
            // A new entry in the parent is durable only once the parent is synced.
            try PosixFile.syncDirectory(parent(of: path))
            log("session store: created data_dir \(path) (mode 700)")
            return
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw .notADirectory(path: path) }
        let mode = UInt32(info.st_mode) & 0o7777
        if mode & 0o077 != 0 {
            guard chmod(path, 0o700) == 0 else { throw .fileOperation("chmod", path: path, errno: errno) }
            log("session store: data_dir \(path) had mode \(String(mode, radix: 8)); tightened it to 700")
        }
    }

    /// Takes the folder's exclusive lock, so that two processes never append
    /// to the same journal; the lock lasts as long as the returned file is open.
    static func lock(_ path: String) throws(StoreError) -> PosixFile {
        let directory = try PosixFile.openDirectory(path)
        guard try directory.tryLock() else { throw .directoryInUse(path: path) }
        return directory
    }

    static func file(_ name: String, in directory: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    private static func parent(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }
}
