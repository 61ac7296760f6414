/// Where `String(writing:)` and `[UInt8](writing:)` send their pieces: the
/// first pass only counts their bytes, the second copies them into the
/// result's storage, sized once.
///
/// The pieces are read in place and copied with `memcpy`. A list of them
/// would hold a reference to each, and an array grown by `append` took one
/// on each piece around the call: on the request path, where a response
/// head is a dozen pieces and the /login address ten, those counts were a
/// good part of the work, and on text every loop shares (the authorize
/// address, a cookie's attributes) they are cache lines the cores pass
/// back and forth.
public struct TextWriter {
    /// Nil while measuring.
    private let storage: UnsafeMutableRawBufferPointer?
    fileprivate private(set) var count = 0

    fileprivate init(into storage: UnsafeMutableRawBufferPointer?) {
        self.storage = storage
    }

    /// The text's UTF-8.
    public mutating func write(_ text: String) {
        text.withUTF8Bytes { write(UnsafeRawBufferPointer($0)) }
    }

    public mutating func write(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBytes { write($0) }
    }

    public mutating func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    /// `value` in decimal, zero-padded to at least `width` digits.
    public mutating func write(decimal value: Int, width: Int = 1) {
        DecimalDigits.withDigits(of: value, width: width) { write($0) }
    }

    private mutating func write(_ bytes: UnsafeRawBufferPointer) {
        if let storage {
            // Checked in release builds too: the copy's own bounds checks
            // are debug-only, and a second pass longer than the first would
            // write past the storage.
            precondition(bytes.count <= storage.count - count, "a writer was given longer pieces the second time")
            UnsafeMutableRawBufferPointer(rebasing: storage[count...]).copyMemory(from: bytes)
        }
        count += bytes.count
    }

    /// How many bytes `write` gives.
    fileprivate static func measure(_ write: (inout TextWriter) -> Void) -> Int {
        var measure = TextWriter(into: nil)
        write(&measure)
        return measure.count
    }

    /// Copies what `write` gives into `storage`, of the size `measure`
    /// found; `write` must give the same pieces again. Returns the count.
    fileprivate static func fill(_ storage: UnsafeMutableRawBufferPointer, expecting count: Int,
                                 with write: (inout TextWriter) -> Void) -> Int {
        var writer = TextWriter(into: storage)
        write(&writer)
        precondition(writer.count == count, "a writer was given other pieces the second time")
        return count
    }
}

extension String {
    /// The pieces `write` gives, one after another (see `TextWriter`).
    public init(writing write: (inout TextWriter) -> Void) {
        let count = TextWriter.measure(write)
        self.init(unsafeUninitializedCapacity: count) { TextWriter.fill(UnsafeMutableRawBufferPointer($0), expecting: count, with: write) }
    }
}

extension Array where Element == UInt8 {
    /// The pieces `write` gives, one after another (see `TextWriter`).
    public init(writing write: (inout TextWriter) -> Void) {
        let count = TextWriter.measure(write)
        // At least 1: for 0 the standard library writes the count into the
        // empty-array storage every array shares, a harmless race that
        // ThreadSanitizer reports.
        self.init(unsafeUninitializedCapacity: Swift.max(count, 1)) { storage, initialized in
            initialized = TextWriter.fill(UnsafeMutableRawBufferPointer(storage), expecting: count, with: write)
        }
    }
}
