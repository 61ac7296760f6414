/// One call as the workers run it: everything libcurl needs, checked and in Swift values.
struct CurlRequest: Sendable {
    var url: OutboundURL
    /// Complete header lines, `Name: value`.
    var headerLines: [String]
    /// `nil`: GET; otherwise POST with exactly these bytes.
    var body: [UInt8]?
    var connectTimeoutMilliseconds: Int
    var totalTimeoutMilliseconds: Int
    var maxResponseBytes: Int
    /// `nil`: the system's certificate authorities.
    var trustedCAFile: String?
}
