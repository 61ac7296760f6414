/// Byte classes from RFC 9110 §5.6 and RFC 9112, used by the parser.
enum ASCII {
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let colon = UInt8(ascii: ":")
    static let semicolon = UInt8(ascii: ";")

    /// `tchar` (RFC 9110 §5.6.2): the characters of a token. Read off a
    /// bit per ASCII byte rather than matched against a dozen ranges: every
    /// header name, parsed or sent, goes through here a byte at a time.
    static func isTokenChar(_ byte: UInt8) -> Bool {
        let bits = byte < 64 ? tokenCharsBelow64 : byte < 128 ? tokenCharsFrom64 : 0
        return bits >> (byte & 63) & 1 == 1
    }

    /// Bit n set: byte n is a `tchar` (`!#$%&'*+-.` and digits).
    private static let tokenCharsBelow64: UInt64 = 0x03FF_6CFA_0000_0000
    /// Bit n set: byte 64 + n is a `tchar` (letters, `^`, `_`, the backtick, `|` and `~`).
    private static let tokenCharsFrom64: UInt64 = 0x57FF_FFFF_C7FF_FFFE

    /// 1 for a byte a field value may not hold, 0 for `field-vchar`, SP
    /// and HTAB (RFC 9110 §5.5): a control other than HTAB, or DEL. Read
    /// with `hasNoByte`.
    static func barredFromFieldValue(_ byte: UInt8) -> UInt8 {
        ((byte < 0x20).bit & (byte != tab).bit) | (byte == 0x7F).bit
    }

    /// Visible ASCII allowed in a request-target; `#` never travels in one.
    static func isTargetChar(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "#")
    }

    static func isWhitespace(_ byte: UInt8) -> Bool { byte == space || byte == tab }
}

extension Bool {
    /// 1 or 0, for byte classes combined without a branch.
    var bit: UInt8 { self ? 1 : 0 }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether `barred` is 0 for every byte. The classes are or-ed over
    /// every byte, with no branch and no early exit, so the compiler checks
    /// many bytes per instruction: a test returning `Bool` is checked one
    /// byte at a time, some ten times slower. Header values run to hundreds
    /// of bytes (/login's answer has some 500), and every request and
    /// response has its fields checked.
    func hasNoByte(_ barred: (UInt8) -> UInt8) -> Bool {
        var found: UInt8 = 0
        for byte in self { found |= barred(byte) }
        return found == 0
    }
}

extension ArraySlice<UInt8> {
    /// As `hasNoByte` on bytes, over the slice read in place.
    func hasNoByte(_ barred: (UInt8) -> UInt8) -> Bool {
        withUnsafeBufferPointer { $0.hasNoByte(barred) }
    }
}

extension String {
    /// As `hasNoByte` on bytes, over the UTF-8 read in place.
    func hasNoByte(_ barred: (UInt8) -> UInt8) -> Bool {
        withUTF8Bytes { $0.hasNoByte(barred) }
    }

    /// Whether every UTF-8 byte passes `test`, read in place rather than
    /// through `utf8`'s index: for the short tokens of field and cookie
    /// names, where a byte at a time costs little.
    func allBytes(_ test: (UInt8) -> Bool) -> Bool {
        withUTF8Bytes { $0.allSatisfy(test) }
    }
}
