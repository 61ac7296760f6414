/// What is wrong with a `store_url`, in words that never repeat the URL.
public struct RedisURLError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    init(_ problem: String) {
        description = "store_url " + problem
    }
}
