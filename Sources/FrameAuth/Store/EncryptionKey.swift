import FoundationEssentials
import Glibc

/// The AES-256-GCM key that seals everything the store writes.
public enum EncryptionKey {
    static let fileName = "encryption.key"

    /// The configured key when there is one; else the key in
    /// `data_dir/encryption.key` (base64 of 32 bytes, mode 0600); else a new
    /// random key written there, with one log line saying so (never the key).
    ///
    /// A key file that group or others may read is refused rather than
    /// tightened, as ssh does with private keys: the key may already have
    /// been read, and the operator should decide whether to rotate it.
    public static func loadOrCreate(
        configured: [UInt8]?, dataDir: String, log: @escaping @Sendable (String) -> Void
    ) throws(StoreError) -> [UInt8] {
        if let configured {
            guard configured.count == AESGCM.keyLength else {
                throw .invalidKey(source: "configuration", problem: "must be \(AESGCM.keyLength) bytes, got \(configured.count)")
            }
            return configured
        }
        try DataDirectory.prepare(dataDir, log: log)
        let path = DataDirectory.file(fileName, in: dataDir)
        if let key = try read(path) { return key }

        let key = SecureRandom.bytes(count: AESGCM.keyLength)
        if try publish(key, at: path, in: dataDir) {
            log("session store: generated a new encryption key in \(path); back it up with data_dir")
            return key
        }
        // Another process created the file between our read and our link: use theirs.
        guard let theirs = try read(path) else { throw .fileOperation("open", path: path, errno: ENOENT) }
        return theirs
    }

    /// The key stored at `path`, or nil when there is no such file.
    static func read(_ path: String) throws(StoreError) -> [UInt8]? {
        guard let file = try PosixFile.open(path, flags: O_RDONLY) else { return nil }
        let mode = try file.permissions()
        guard mode & 0o077 == 0 else { throw .insecureFileMode(path: path, mode: mode) }
        let whitespace = Set(" \t\r\n".utf8)
        let text = try file.readAll().filter { !whitespace.contains($0) }
        guard let data = Data(base64Encoded: Data(text)) else {
            throw .invalidKey(source: path, problem: "is not base64")
        }
        guard data.count == AESGCM.keyLength else {
            throw .invalidKey(source: path, problem: "must hold \(AESGCM.keyLength) bytes, holds \(data.count)")
        }
        return Array(data)
    }

    /// Writes the key to a temporary file, syncs it, then links it into place,
    /// so `path` never exists half-written and an existing key is never
    /// overwritten. False when `path` already existed.
    private static func publish(_ key: [UInt8], at path: String, in directory: String) throws(StoreError) -> Bool {
        let temporary = path + ".tmp"
        unlink(temporary)
        defer { unlink(temporary) }
        guard let file = try PosixFile.open(temporary, flags: O_WRONLY | O_CREAT | O_EXCL, mode: 0o600) else {
            throw .fileOperation("create", path: temporary, errno: ENOENT)
        }
        try file.write(Array((Data(key).base64EncodedString() + "\n").utf8), at: 0)
        try file.sync()
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { return false }
            throw .fileOperation("create", path: path, errno: errno)
        }
        try PosixFile.syncDirectory(directory)
        return true
    }
}
