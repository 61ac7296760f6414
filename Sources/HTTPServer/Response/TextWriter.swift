extension String {
    /// The pieces one after another, copied once into a string of their
    /// total length. `+=` piece by piece checks the string's capacity,
    /// uniqueness and encoding at every step: /login's address and cookie,
    /// of seven and four pieces, took some 60% longer that way.
    public init(concatenating pieces: String...) {
        let length = pieces.reduce(0) { $0 + $1.utf8.count }
        self.init(unsafeUninitializedCapacity: length) { buffer in
            var written = 0
            for piece in pieces {
                // Native and small strings, which is all of them here, are
                // contiguous; the element-wise copy covers any other.
                written = piece.utf8.withContiguousStorageIfAvailable { bytes in
                    UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[written...]))
                        .copyMemory(from: UnsafeRawBufferPointer(bytes))
                    return written + bytes.count
                } ?? buffer[written...].initialize(fromContentsOf: piece.utf8)
            }
            return written
        }
    }
}
