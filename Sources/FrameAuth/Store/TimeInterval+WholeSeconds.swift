import FoundationEssentials

extension TimeInterval {
    /// Whole seconds, rounded down, clamped to `Int`'s range (NaN is 0): for
    /// times read back from a journal, which an older version may have
    /// written from an absurd `expires_in`, and which must never trap.
    var clampedWholeSeconds: Int {
        guard !isNaN else { return 0 }
        let whole = rounded(.down)
        if whole >= Double(Int.max) { return .max }
        if whole <= Double(Int.min) { return .min }
        return Int(whole)
    }
}
