/// The `{name}` segments of a routed request's path. The route knows which
/// segment each name is, so this reads them from the request's own decoded
/// segments: routing builds no table per request.
public struct PathParameters: Sendable {
    /// Each name with the index of its segment.
    private let positions: [(name: String, segment: Int)]
    private let segments: [String]

    /// None: a request no route has matched yet.
    public init() {
        positions = []
        segments = []
    }

    init(positions: [(name: String, segment: Int)], segments: [String]) {
        self.positions = positions
        self.segments = segments
    }

    public subscript(name: String) -> String? {
        positions.first { $0.name == name }.map { segments[$0.segment] }
    }
}
