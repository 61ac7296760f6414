import Foundation
import Testing
@testable import FrameAuth

/// `PosixFile.readAll`, which reads a journal at start-up straight into one
/// array of the file's size: every byte comes back, whatever the size, and
/// a file longer than its size when reading began is read to its end.
@Suite struct PosixFileReadTests {
    private static func pattern(_ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
    }

    /// Empty, one byte, just past a 64 KiB read, and large enough (over
    /// 4 MiB) for the buffer to be advised onto huge pages.
    @Test(arguments: [0, 1, 65_537, 5 << 20 | 123])
    func readAll_returnsEveryByte(count: Int) throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/file"
        let bytes = Self.pattern(count)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))

        let file = try #require(try PosixFile.open(path, flags: O_RDONLY))
        let read = try file.readAll()

        #expect(read.count == count)
        #expect(read == bytes)
    }

    /// A file longer than `fstat` said when reading began (a FIFO says 0) is
    /// read in further rounds to its end.
    @Test func moreThanTheSizeItHad_isReadToTheEnd() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/fifo"
        #expect(mkfifo(path, 0o600) == 0)
        let bytes = Self.pattern(300_000)
        let writer = Thread {
            guard let handle = FileHandle(forWritingAtPath: path) else { return }
            handle.write(Data(bytes))
            try? handle.close()
        }
        writer.start()

        let file = try #require(try PosixFile.open(path, flags: O_RDONLY))
        #expect(try file.readAll() == bytes)
    }
}
