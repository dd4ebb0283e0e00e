import KubeTesting
import KubeSupport

/// Counts what `kinformer record` wrote, for its closing line.
final class RecordCounts: Sendable {
    private let counts = Locked((lists: 0, events: 0, errors: 0))

    func add(_ record: WatchCapture.Record) {
        counts.withLock { c in
            switch record.record {
            case .list: c.lists += 1
            case .event: c.events += 1
            case .error: c.errors += 1
            case .header: break
            }
        }
    }

    var summary: String {
        let c = counts.withLock { $0 }
        return "\(c.lists) list\(c.lists == 1 ? "" : "s"), \(c.events) events, \(c.errors) watch errors"
    }
}
