import Synchronization

/// A request to end the demo early (Ctrl-C): the workload stops, caches are checked, the
/// summary is printed.
final class DemoStop: Sendable {
    private let requested = Mutex(false)

    /// Asks the demo to stop.
    func request() { requested.withLock { $0 = true } }

    /// Whether a stop was asked for.
    var isRequested: Bool { requested.withLock { $0 } }
}
