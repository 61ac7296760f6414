import LoopbackClient
import Testing

/// Every test that talks to a live server over 127.0.0.1. Serialized: the
/// raw client blocks its thread while it reads, and this machine has two cores.
@Suite("Loopback", .serialized) enum Loopback {}
