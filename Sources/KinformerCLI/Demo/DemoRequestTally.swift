import KubeSupport
import KubeTesting

/// Counts the embedded server's requests per verb, draining the server's request log as it
/// goes: the log keeps every request, which over a soak of an hour is memory that grows with
/// the run and would be counted against the informers.
final class DemoRequestTally: Sendable {
    private let server: InProcessAPIServer
    private let counts = Locked<[String: Int]>([:])

    init(server: InProcessAPIServer) { self.server = server }

    /// Moves the requests logged since the last drain into the counts.
    func drain() {
        let drained = server.drainRequestLog()
        counts.withLock { c in for request in drained { c[request.verb, default: 0] += 1 } }
    }

    /// Requests per verb so far (drains first).
    var byVerb: [String: Int] {
        drain()
        return counts.withLock { $0 }
    }
}
