/// Why FrameAuth could not start, in words an operator can act on.
public struct StartupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
