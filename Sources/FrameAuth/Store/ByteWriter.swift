import FoundationEssentials

/// Builds the journal's binary record format: big-endian integers, strings
/// as a UInt32 length and UTF-8, optionals behind a presence byte, dates as
/// the bits of their `timeIntervalSinceReferenceDate`. `ByteReader` reads it back.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func write(_ value: UInt8) {
        bytes.append(value)
    }

    mutating func write<T: FixedWidthInteger & UnsignedInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func write(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            write(UInt32(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func write(_ value: Date) {
        write(value.timeIntervalSinceReferenceDate.bitPattern)
    }

    /// Bytes whose length the reader knows in advance (a digest).
    mutating func write(fixed value: [UInt8]) {
        bytes.append(contentsOf: value)
    }

    mutating func write(_ value: String?) {
        writeOptional(value) { $0.write($1) }
    }

    mutating func write(_ value: Date?) {
        writeOptional(value) { $0.write($1) }
    }

    private mutating func writeOptional<T>(_ value: T?, _ writeValue: (inout ByteWriter, T) -> Void) {
        guard let value else { return write(UInt8(0)) }
        write(UInt8(1))
        writeValue(&self, value)
    }
}
