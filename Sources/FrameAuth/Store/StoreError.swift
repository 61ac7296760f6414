import Glibc

/// Why the session store could not load or persist. Descriptions name the
/// file and the problem, never a token, an email or a key.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// A system call on `path` failed; `operation` says which, `errno` why.
    case fileOperation(_ operation: String, path: String, errno: Int32)
    /// `path` exists but is not a directory.
    case notADirectory(path: String)
    /// The file does not start with the journal's magic header.
    case notAJournal(path: String)
    /// The file is a journal in a format this version does not know.
    case unknownJournalFormat(path: String)
    /// The record at `offset` did not authenticate: wrong key or altered bytes.
    case recordFailedAuthentication(path: String, offset: Int)
    /// The record at `offset` authenticated but is not a record this version knows.
    case recordUndecodable(path: String, offset: Int)
    /// The journal names the key that sealed it, and that key is neither
    /// the encryption key nor one of the previous ones.
    case journalKeyMissing(path: String, keyID: KeyID, entries: Int)
    /// The configured or stored encryption key is unusable.
    case invalidKey(source: String, problem: String)
    /// A secret file is readable by others than its owner.
    case insecureFileMode(path: String, mode: UInt32)
    /// Another process (or store) holds the data directory's lock.
    case directoryInUse(path: String)
    /// The store was closed; changes are no longer accepted.
    case closed(path: String)
    /// The store could not encode or seal a record (a bug or OpenSSL failure).
    case encodingFailed(String)
    /// The shared store (Redis) could not be reached or did not answer in
    /// time; nothing was changed.
    case unavailable(reason: String)
    /// A value in Redis did not authenticate: another encryption key sealed
    /// it, or it was altered.
    case sealedValueFailedAuthentication(key: String)
    /// A value in Redis authenticated but is not a record this version knows.
    case sealedValueUndecodable(key: String)
    /// A value in Redis was sealed with a key this replica does not hold.
    case sealedValueNeedsMissingKey(key: String, keyID: KeyID)

    public var description: String {
        switch self {
        case .fileOperation(let operation, let path, let code):
            return "could not \(operation) \(path): \(String(cString: strerror(code)))"
        case .notADirectory(let path):
            return "data_dir \(path) exists but is not a directory"
        case .notAJournal(let path):
            return "\(path) is not a FrameAuth session journal (bad header); move it away or restore it"
        case .unknownJournalFormat(let path):
            return "\(path) is a session journal in a format this FrameAuth cannot read; "
                + "it was probably written by a newer version"
        case .recordFailedAuthentication(let path, let offset):
            return "\(path): the record at byte \(offset) does not authenticate. "
                + "The encryption key may be wrong (check FRAMEAUTH_ENCRYPTION_KEY or "
                + "\(EncryptionKey.fileName) in data_dir; after changing the key, give the old one in "
                + "FRAMEAUTH_PREVIOUS_ENCRYPTION_KEYS), or the file was altered"
        case .recordUndecodable(let path, let offset):
            return "\(path): the record at byte \(offset) authenticates but cannot be read; "
                + "it may have been written by a newer FrameAuth"
        case .journalKeyMissing(let path, let keyID, let entries):
            return "\(path) was sealed with the key whose id is \(keyID), which is neither the encryption key "
                + "nor one of FRAMEAUTH_PREVIOUS_ENCRYPTION_KEYS; its \(entries) entries (every stored session) need it. "
                + "Add that key to FRAMEAUTH_PREVIOUS_ENCRYPTION_KEYS; nothing was started or changed"
        case .invalidKey(let source, let problem):
            return "encryption key from \(source): \(problem)"
        case .insecureFileMode(let path, let mode):
            return "\(path) has mode \(String(mode, radix: 8)) but must be readable by its owner only: run chmod 600 \(path)"
        case .directoryInUse(let path):
            return "data_dir \(path) is in use by another FrameAuth process; give each instance its own data_dir"
        case .closed(let path):
            return "the session store for \(path) is closed"
        case .encodingFailed(let reason):
            return "could not encode a session record: \(reason)"
        case .unavailable(let reason):
            return "the shared session store is unavailable: \(reason)"
        case .sealedValueFailedAuthentication(let key):
            return "the Redis value \(key) does not authenticate. Every replica must have the same "
                + "FRAMEAUTH_ENCRYPTION_KEY; otherwise the value was altered"
        case .sealedValueNeedsMissingKey(let key, let keyID):
            return "the Redis value \(key) was sealed with the key whose id is \(keyID), which this replica "
                + "has neither as FRAMEAUTH_ENCRYPTION_KEY nor in FRAMEAUTH_PREVIOUS_ENCRYPTION_KEYS; give every "
                + "replica every key still in use (docs/SCALING.md, changing the encryption key)"
        case .sealedValueUndecodable(let key):
            return "the Redis value \(key) authenticates but cannot be read; it may have been written by a newer FrameAuth"
        }
    }
}
