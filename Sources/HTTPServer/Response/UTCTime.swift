import Glibc

/// Calendar fields of a UTC instant, for the few timestamps the server
/// formats itself (the `Date` header, access-log times).
struct UTCTime {
    let fields: tm

    init(_ seconds: time_t) {
        var t = seconds
        var fields = tm()
        gmtime_r(&t, &fields)
        self.fields = fields
    }

    var year: String { "\(fields.tm_year + 1900)" }
    var month: String { Self.twoDigits(fields.tm_mon + 1) }
    var day: String { Self.twoDigits(fields.tm_mday) }
    /// `HH:MM:SS`
    var clock: String { "\(Self.twoDigits(fields.tm_hour)):\(Self.twoDigits(fields.tm_min)):\(Self.twoDigits(fields.tm_sec))" }

    static func twoDigits(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
