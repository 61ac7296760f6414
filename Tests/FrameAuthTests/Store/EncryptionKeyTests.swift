import Foundation
import Testing
@testable import FrameAuth

@Suite struct EncryptionKeyTests {
    let directory = TemporaryDirectory()

    @Test func missingKey_isGeneratedOnce_loggedWithoutItsValue_andReusedOnReopen() throws {
        let log = LogRecorder()
        let generated = try EncryptionKey.loadOrCreate(configured: nil, dataDir: directory.dataDir, log: log.sink)
        let again = try EncryptionKey.loadOrCreate(configured: nil, dataDir: directory.dataDir, log: log.sink)
        let keyFile = directory.file(EncryptionKey.fileName)

        #expect(generated.count == 32)
        #expect(again == generated)
        #expect(StoreFixtures.mode(of: keyFile) == 0o600)
        #expect(log.all.count { $0.contains("generated") && $0.contains(keyFile) } == 1)
        #expect(!log.all.contains { $0.contains(Data(generated).base64EncodedString()) })
        #expect(!FileManager.default.fileExists(atPath: keyFile + ".tmp"))
    }

    @Test func generatedKey_opensTheJournalItSealed_afterRestart() async throws {
        let session = SessionID.generate()
        let firstKey = try EncryptionKey.loadOrCreate(configured: nil, dataDir: directory.dataDir, log: { _ in })
        let store = try StoreFixtures.makeStore(directory, key: firstKey)
        try await StoreFixtures.signIn(store, session: session)
        await store.close()

        let secondKey = try EncryptionKey.loadOrCreate(configured: nil, dataDir: directory.dataDir, log: { _ in })
        #expect(try StoreFixtures.makeStore(directory, key: secondKey).user(forSession: session) != nil)
    }

    @Test func configuredKey_isUsed_andNothingIsWritten() throws {
        let configured = SecureRandom.bytes(count: 32)

        #expect(try EncryptionKey.loadOrCreate(configured: configured, dataDir: directory.dataDir, log: { _ in }) == configured)
        #expect(!FileManager.default.fileExists(atPath: directory.file(EncryptionKey.fileName)))
    }

    @Test(arguments: [0, 16, 31, 33])
    func configuredKey_ofTheWrongLength_isRefused(length: Int) {
        #expect(throws: StoreError.self) {
            let configured = SecureRandom.bytes(count: length)
            return try EncryptionKey.loadOrCreate(configured: configured, dataDir: directory.dataDir, log: { _ in })
        }
    }

    @Test func keyFileReadableByOthers_isRefused_withTheChmodToRun() throws {
        _ = try EncryptionKey.loadOrCreate(configured: nil, dataDir: directory.dataDir, log: { _ in })
        let keyFile = directory.file(EncryptionKey.fileName)
        chmod(keyFile, 0o644)

        #expect { try EncryptionKey.loadOrCreate(configured: nil, dataDir: directory.dataDir, log: { _ in }) } throws: { error in
            "\(error)".contains("chmod 600 \(keyFile)") && "\(error)".contains("644")
        }
    }

    @Test(arguments: ["not base64 at all!", Data(repeating: 7, count: 16).base64EncodedString()])
    func keyFileWithoutThirtyTwoBytesOfBase64_isRefused_namingTheFile(content: String) throws {
        try FileManager.default.createDirectory(atPath: directory.dataDir, withIntermediateDirectories: false)
        let keyFile = directory.file(EncryptionKey.fileName)
        let attributes: [FileAttributeKey: Any] = [.posixPermissions: 0o600]
        #expect(FileManager.default.createFile(atPath: keyFile, contents: Data(content.utf8), attributes: attributes))

        #expect { try EncryptionKey.loadOrCreate(configured: nil, dataDir: directory.dataDir, log: { _ in }) } throws: { error in
            "\(error)".contains(keyFile) && !"\(error)".contains(content)
        }
    }
}
