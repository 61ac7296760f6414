import Glibc

/// An open file descriptor with the few calls the store needs, each turning a
/// failure into a `StoreError` that names the path and errno. Closed on deinit.
final class PosixFile {
    /// `pwrite(fd, bytes, count, offset)`; replaceable so tests can make a
    /// write fail (running as root ignores file modes, so chmod cannot).
    typealias PositionedWrite = @Sendable (Int32, UnsafeRawPointer, Int, Int) -> Int

    static let systemWrite: PositionedWrite = { fd, bytes, count, offset in
        pwrite(fd, bytes, count, off_t(offset))
    }

    let path: String
    private let fd: Int32

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit {
        close(fd)
    }

    /// Opens `path`, or returns nil when it does not exist and `flags` lacks `O_CREAT`.
    static func open(_ path: String, flags: Int32, mode: mode_t = 0o600) throws(StoreError) -> PosixFile? {
        let fd = retryingOnInterrupt { Glibc.open(path, flags | O_CLOEXEC, mode) }
        if fd < 0 {
            if errno == ENOENT && flags & O_CREAT == 0 { return nil }
            throw .fileOperation("open", path: path, errno: errno)
        }
        return PosixFile(fd: fd, path: path)
    }

    /// Opens a directory for `fsync` or `flock`.
    static func openDirectory(_ path: String) throws(StoreError) -> PosixFile {
        let fd = retryingOnInterrupt { Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        guard fd >= 0 else { throw .fileOperation("open directory", path: path, errno: errno) }
        return PosixFile(fd: fd, path: path)
    }

    /// Makes a rename or a new file in `directory` durable.
    static func syncDirectory(_ directory: String) throws(StoreError) {
        try openDirectory(directory).sync()
    }

    /// Whether `path` still names this open file (same device and inode).
    func isSameFile(as path: String) -> Bool {
        var open = stat()
        var named = stat()
        return fstat(fd, &open) == 0 && stat(path, &named) == 0 && open.st_dev == named.st_dev && open.st_ino == named.st_ino
    }

    func readAll() throws(StoreError) -> [UInt8] {
        // Read straight into storage of the file's size, and a byte more to
        // see the end: a journal is tens of megabytes at start-up. Only a
        // file grown meanwhile takes a second round.
        var info = stat()
        var expected = (fstat(fd, &info) == 0 ? Int(info.st_size) : 0) + 1
        var bytes: [UInt8] = []
        while true {
            var failure: Int32 = 0
            let more = [UInt8](unsafeUninitializedCapacity: expected) { buffer, initialized in
                Self.adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
                initialized = fill(buffer, failure: &failure)
            }
            guard failure == 0 else { throw .fileOperation("read", path: path, errno: failure) }
            if bytes.isEmpty { bytes = more } else { bytes += more }
            if more.count < expected { return bytes }
            expected = 64 * 1024
        }
    }

    /// Reads into `buffer` until it is full or the file ends; how many bytes
    /// it read. Sets `failure` to `errno` when a read fails.
    private func fill(_ buffer: UnsafeMutableBufferPointer<UInt8>, failure: inout Int32) -> Int {
        var filled = 0
        while filled < buffer.count {
            let count = retryingOnInterrupt { read(fd, buffer.baseAddress! + filled, buffer.count - filled) }
            if count < 0 { failure = errno }
            if count <= 0 { break }
            filled += count
        }
        return filled
    }

    /// Asks for huge pages under a large buffer not yet touched: each 4 KiB
    /// page of fresh memory is a fault when first written, 12,000 of them
    /// for bench/run's 48 MiB journal, whose reading this halved (56 to 28
    /// ms here). Where transparent huge pages are off, nothing changes.
    private static func adviseHugePages(_ buffer: UnsafeMutableRawBufferPointer) {
        let hugePage = 2 << 20
        guard let base = buffer.baseAddress, buffer.count >= 2 * hugePage else { return }
        let start = (Int(bitPattern: base) + hugePage - 1) & ~(hugePage - 1)
        let end = (Int(bitPattern: base) + buffer.count) & ~(hugePage - 1)
        _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE)
    }

    /// Writes all of `bytes` at `offset`: one call unless the kernel takes
    /// only part of them.
    func write(_ bytes: [UInt8], at offset: Int, using positionedWrite: PositionedWrite = systemWrite) throws(StoreError) {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                retryingOnInterrupt {
                    positionedWrite(fd, buffer.baseAddress! + written, buffer.count - written, offset + written)
                }
            }
            guard count > 0 else { throw .fileOperation("write", path: path, errno: count == 0 ? EIO : errno) }
            written += count
        }
    }

    /// Flushes the file's data (and the size, which appends change) to disk.
    func dataSync() throws(StoreError) {
        guard retryingOnInterrupt({ fdatasync(fd) }) == 0 else { throw .fileOperation("fdatasync", path: path, errno: errno) }
    }

    func sync() throws(StoreError) {
        guard retryingOnInterrupt({ fsync(fd) }) == 0 else { throw .fileOperation("fsync", path: path, errno: errno) }
    }

    func truncate(to length: Int) throws(StoreError) {
        guard retryingOnInterrupt({ ftruncate(fd, off_t(length)) }) == 0 else {
            throw .fileOperation("truncate", path: path, errno: errno)
        }
    }

    /// Permission bits (`st_mode & 0o7777`).
    func permissions() throws(StoreError) -> UInt32 {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .fileOperation("stat", path: path, errno: errno) }
        return UInt32(info.st_mode) & 0o7777
    }

    /// Takes an exclusive advisory lock, held until this file is closed;
    /// false when someone else holds it.
    func tryLock() throws(StoreError) -> Bool {
        if retryingOnInterrupt({ flock(fd, LOCK_EX | LOCK_NB) }) == 0 { return true }
        if errno == EWOULDBLOCK { return false }
        throw .fileOperation("lock", path: path, errno: errno)
    }
}

private func retryingOnInterrupt<T: BinaryInteger>(_ call: () -> T) -> T {
    while true {
        let result = call()
        if result >= 0 || errno != EINTR { return result }
    }
}
