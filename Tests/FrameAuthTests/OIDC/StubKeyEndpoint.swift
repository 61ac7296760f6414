import HTTPServer

/// The identity provider's key endpoint as a `JWKSCache` fetch: serves one
/// document (or fails) and counts the fetches it is asked for.
final class StubKeyEndpoint: Sendable {
    struct Unavailable: Error {}

    private let state: Lock<(document: [UInt8]?, fetches: Int)>
    /// When given, every fetch waits for it to open before answering.
    private let hold: Gate?

    init(serving document: [UInt8]?, hold: Gate? = nil) {
        state = Lock((document, 0))
        self.hold = hold
    }

    var fetches: Int { state.withLock { $0.fetches } }

    /// What later fetches answer; nil makes them fail.
    func serve(_ document: [UInt8]?) {
        state.withLock { $0.document = document }
    }

    func fetch() async throws -> [UInt8] {
        state.withLock { $0.fetches += 1 }
        await hold?.wait()
        guard let document = state.withLock({ $0.document }) else { throw Unavailable() }
        return document
    }
}

/// Suspends whoever waits on it until it is opened, then lets everyone through.
final class Gate: Sendable {
    private let state = Lock<(isOpen: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { continuation in
            let isOpen = state.withLock { state in
                if !state.isOpen { state.waiters.append(continuation) }
                return state.isOpen
            }
            if isOpen { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
