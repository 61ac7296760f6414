/// What is wrong with a `store_url`, in words that never repeat the URL.
public struct RedisURLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The problem alone, as a configuration problem line continues it.
    public let problem: String

    init(_ problem: String) {
        self.problem = problem
    }

    public var description: String { "store_url " + problem }
}
