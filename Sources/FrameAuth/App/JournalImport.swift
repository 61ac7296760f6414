import FoundationEssentials
import HTTPServer

/// `frameauth --import-journal` (CONTRACT §8): copies the users, tokens and
/// browser sessions of `data_dir`'s journal into the Redis `store_url`
/// names, so a single instance grows into replicas without anyone signing
/// in again. Only what Redis does not hold yet is written, so it can run
/// again safely; a user who signed in through a replica meanwhile keeps the
/// newer tokens.
///
/// The journal may be sealed with `data_dir/encryption.key` rather than
/// `FRAMEAUTH_ENCRYPTION_KEY` (a single instance generates one when none is
/// set), or with one of `previous_encryption_keys`: it is opened with
/// whichever authenticates, and everything is sealed again with the
/// configured key on the way into Redis.
enum JournalImport {
    static func run(_ configuration: Configuration, log: @escaping @Sendable (String) -> Void) -> Launch.Outcome {
        guard let storeURL = configuration.storeURL, let url = try? RedisURL(parsing: storeURL),
              let key = configuration.encryptionKey else {
            return .exit(code: 2, output: "frameauth --import-journal copies data_dir into Redis: set FRAMEAUTH_STORE_URL and FRAMEAUTH_ENCRYPTION_KEY\n")
        }
        return runBlocking {
            do {
                let counts = try await copy(from: configuration.dataDir, to: url, key: key,
                                            previousKeys: configuration.previousEncryptionKeys, log: log)
                return .exit(code: 0, output: "frameauth: imported \(counts) from \(configuration.dataDir) into \(url)\n")
            } catch {
                return .exit(code: 1, output: "frameauth --import-journal: \(error)\n")
            }
        }
    }

    private static func copy(
        from dataDir: String, to url: RedisURL, key: [UInt8], previousKeys: [[UInt8]], log: @escaping @Sendable (String) -> Void
    ) async throws -> RedisStore.ImportCounts {
        guard FileManager.default.fileExists(atPath: DataDirectory.file(Journal.fileName, in: dataDir)) else {
            throw StartupError("there is no journal to import in \(dataDir) (set FRAMEAUTH_DATA_DIR to the single instance's data_dir)")
        }
        let generatedKey = try EncryptionKey.read(DataDirectory.file(EncryptionKey.fileName, in: dataDir))
        let journal = try openJournal(in: dataDir, keys: [key] + (generatedKey.map { [$0] } ?? []) + previousKeys, log: log)
        let records = journal.liveRecords()
        await journal.close()
        let store = try RedisStore(redis: RedisClient(url: url), key: key)
        guard await store.isWritable() else {
            throw StartupError("Redis at \(url) does not take writes; nothing was imported")
        }
        return try await store.importRecords(records)
    }

    /// The journal opened with the first of `keys` it authenticates with.
    private static func openJournal(in dataDir: String, keys: [[UInt8]], log: @escaping @Sendable (String) -> Void) throws -> JournalStore {
        var failure: StoreError?
        for key in keys {
            do {
                return try JournalStore(directory: dataDir, key: key, log: log)
            } catch {
                switch error {
                case .recordFailedAuthentication, .journalKeyMissing: failure = error
                default: throw error
                }
            }
        }
        throw failure!
    }
}
