import Glibc

/// IMF-fixdate (RFC 9110 §5.6.7) for the `Date` header, formatted once per
/// second rather than once per response.
struct HTTPDate {
    private var second: time_t = -1
    private var cached: [UInt8] = []

    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    mutating func now() -> ArraySlice<UInt8> {
        let current = time(nil)
        if current != second {
            second = current
            cached = Array(Self.format(current).utf8)
        }
        return cached[...]
    }

    static func format(_ seconds: time_t) -> String {
        let time = UTCTime(seconds)
        return "\(days[Int(time.fields.tm_wday)]), \(time.day) \(months[Int(time.fields.tm_mon)]) \(time.year) \(time.clock) GMT"
    }
}
