import DequeModule
public import KubeModel
import Metrics
import KubeSupport

/// What flows through a handler's buffer: events, and the marker saying the initial state
/// has been delivered.
enum ListenerNotification<Object: KubernetesObject>: Sendable {
    case event(InformerEvent<Object>)
    case synced
}

/// One handler of an informer, with its own buffer and (when pushed to a handler) its own task.
final class Listener<Object: KubernetesObject>: Sendable {
    let registration: HandlerRegistration
    let buffer: HandlerBuffer<ListenerNotification<Object>>
    private let handler: (any ResourceEventHandler<Object>)?
    private let nextResync: Locked<ContinuousClock.Instant?>

    /// - Parameter handler: `nil` for a pull listener (an `AsyncSequence` of events).
    init(id: Int, handler: (any ResourceEventHandler<Object>)?, resyncPeriod: Duration?, metricsName: String?) {
        let gauge = metricsName.map {
            Gauge(label: "kinformer_handler_buffer_depth", dimensions: [("resource", $0), ("handler", "\(id)")])
        }
        let buffer = HandlerBuffer<ListenerNotification<Object>>(onDepthChange: { depth in
            gauge?.record(depth)
        })
        self.buffer = buffer
        self.handler = handler
        self.registration = HandlerRegistration(id: id, resyncPeriod: resyncPeriod, depth: { buffer.depth })
        self.nextResync = Locked(resyncPeriod.map { ContinuousClock.now + $0 })
    }

    var id: Int { registration.id }

    func push(_ event: consuming InformerEvent<Object>) { buffer.push(.event(event)) }

    /// Pushes a relist's events at once.
    func push(contentsOf notifications: consuming Deque<ListenerNotification<Object>>) {
        buffer.push(contentsOf: notifications)
    }

    func pushSynced() { buffer.push(.synced) }

    /// Delivers buffered events to the handler, in order, until closed or cancelled. Takes up
    /// to ``batch`` of them from the buffer at a time (one lock, not one per event).
    func run() async {
        guard let handler else { return }
        while true {
            var notifications = await buffer.next(upTo: Self.batch)
            if notifications.isEmpty { return }
            while let notification = notifications.popFirst() {  // moved out, not copied
                switch consume notification {
                case .event(let event): await handler.handle(event)
                case .synced: registration.markSynced()
                }
            }
        }
    }

    /// How many buffered notifications ``run()`` takes at once.
    static var batch: Int { 256 }

    /// Whether this listener's resync is due at `now`; if so, schedules the next one.
    func takeResyncIfDue(now: ContinuousClock.Instant) -> Bool {
        guard let period = registration.resyncPeriod else { return false }
        return nextResync.withLock { next in
            guard let due = next, now >= due else { return false }
            next = now + period
            return true
        }
    }
}
