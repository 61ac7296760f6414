import Foundation
import Glibc
import HTTPServer
import Synchronization
@testable import FrameAuth

/// A fresh folder under the system's temporary directory, removed with its
/// contents when the test that made it is done.
final class TemporaryDirectory: Sendable {
    let path: String

    init() {
        let temporary = NSTemporaryDirectory().hasSuffix("/") ? NSTemporaryDirectory() : NSTemporaryDirectory() + "/"
        var template = Array((temporary + "frameauth-store-XXXXXX").utf8CString)
        path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// `data_dir` for a store: a folder the store itself must create.
    var dataDir: String { path + "/data" }

    func file(_ name: String) -> String { dataDir + "/" + name }

    var journal: String { file(Journal.fileName) }
}

/// Collects a store's log lines.
final class LogRecorder: Sendable {
    private let lines = Lock<[String]>([])

    var sink: @Sendable (String) -> Void { { line in self.lines.withLock { $0.append(line) } } }
    var all: [String] { lines.withLock { $0 } }
}

/// A clock a test moves by hand.
final class TestClock: Sendable {
    private let current = Lock(Date(timeIntervalSince1970: 1_750_000_000))

    var now: @Sendable () -> Date { { self.current.withLock { $0 } } }
    func advance(by seconds: TimeInterval) { current.withLock { $0 += seconds } }
}

/// A `pwrite` that fails with ENOSPC while switched on, after writing
/// `bytesBeforeFailing` bytes of the request (a write cut short by a full disk).
final class FailingWrites: Sendable {
    private let failing = Atomic(false)
    let bytesBeforeFailing: Int

    init(bytesBeforeFailing: Int = 0) {
        self.bytesBeforeFailing = bytesBeforeFailing
    }

    func set(failing: Bool) { self.failing.store(failing, ordering: .sequentiallyConsistent) }

    var write: PosixFile.PositionedWrite {
        { fd, bytes, count, offset in
            guard self.failing.load(ordering: .sequentiallyConsistent) else { return pwrite(fd, bytes, count, off_t(offset)) }
            if self.bytesBeforeFailing > 0 && count > self.bytesBeforeFailing {
                return pwrite(fd, bytes, self.bytesBeforeFailing, off_t(offset))
            }
            errno = ENOSPC
            return -1
        }
    }
}

enum StoreFixtures {
    static let key = SecureRandom.bytes(count: 32)

    /// A store in `directory` sealing with `key`, and opening with `previousKeys` too.
    static func makeStore(
        _ directory: TemporaryDirectory, key: [UInt8] = key, previousKeys: [[UInt8]] = [], clock: TestClock = TestClock(),
        log: LogRecorder = LogRecorder(), writes: FailingWrites = FailingWrites()
    ) throws -> JournalStore {
        try JournalStore(
            directory: directory.dataDir, keys: try KeyRing(current: key, previous: previousKeys), now: clock.now,
            sessionLifetime: .seconds(30 * 86_400),
            log: log.sink, positionedWrite: writes.write
        )
    }

    static func makeProfile(id: String = "user-1") -> UserProfile {
        UserProfile(id: id, email: "\(id)@example.test", name: "Name of \(id)")
    }

    /// Tokens whose values are unique and easy to search for in raw bytes.
    static func makeTokens(_ tag: String = "a", expiresAt: Date = Date(timeIntervalSince1970: 1_750_003_600)) -> TokenSet {
        TokenSet(
            accessToken: "ACCESS-\(tag)-\(SecureRandom.token(byteCount: 12))",
            refreshToken: "REFRESH-\(tag)-\(SecureRandom.token(byteCount: 12))",
            tokenType: "bearer", scope: "offline account.read asset.read",
            expiresAt: expiresAt, refreshExpiresAt: expiresAt.addingTimeInterval(30 * 86_400)
        )
    }

    /// Where fixture users' tokens came from: one V4 app.
    static let binding = SessionBinding(
        provider: "frameio-v4", issuer: "https://ims-na1.adobelogin.com",
        tokenURL: "https://ims-na1.adobelogin.com/ims/token/v3", clientID: "fixture-client"
    )

    /// Signs `userID` in with fresh tokens (unless given) on a new browser session (unless given).
    static func signIn(
        _ store: any SessionStore, userID: String = "user-1", tokens: TokenSet = makeTokens(),
        session: SessionID = .generate(), replacing old: SessionID? = nil
    ) async throws {
        try await store.signIn(profile: makeProfile(id: userID), tokens: tokens, binding: binding, subject: nil,
                               newSession: session, replacing: old)
    }

    static func size(of path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : -1
    }

    static func mode(of path: String) -> UInt32 {
        var info = stat()
        return stat(path, &info) == 0 ? UInt32(info.st_mode) & 0o7777 : 0
    }

    static func readBytes(_ path: String) -> [UInt8] {
        FileManager.default.contents(atPath: path).map(Array.init) ?? []
    }

    static func writeBytes(_ bytes: [UInt8], to path: String) {
        precondition(FileManager.default.createFile(atPath: path, contents: Data(bytes)), "could not write \(path)")
    }
}

extension StoreChange {
    var isDone: Bool { if case .done = self { true } else { false } }
    var isUserGone: Bool { if case .userGone = self { true } else { false } }
    /// The access token of the newer sign-in that won, when one did.
    var newerAccessToken: String? { if case .superseded(let user) = self { user.tokens.accessToken } else { nil } }
}

extension JournalStore {
    /// Browser sessions live now, counted in the records the store would
    /// snapshot (the store itself has no use for the number).
    nonisolated var sessionCount: Int {
        liveRecords().count { if case .session = $0 { true } else { false } }
    }
}
