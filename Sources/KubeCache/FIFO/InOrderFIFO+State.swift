import DequeModule
import KubeModel

/// One event of an ``InOrderFIFO``, in watch order.
public enum InOrderFIFOItem<Object: KubernetesObject>: Sendable {
    /// An object was added.
    case added(Object)
    /// An object was modified.
    case updated(Object)
    /// An object was deleted (final state or tombstone).
    case deleted(DeltaObject<Object>)
    /// A (re)list: the complete state at `resourceVersion`. Apply atomically, e.g. with
    /// ``Indexer/replaceComputingChanges(_:resourceVersion:)``.
    case replaced([Object], resourceVersion: String)
    /// A periodic resync: replay the cache to handlers. Contacts no server.
    case resync
}

/// The pure state of an ``InOrderFIFO``: events in order, one in process at a time.
struct InOrderFIFOState<Object: KubernetesObject>: FIFOStateMachine {
    typealias Item = InOrderFIFOItem<Object>

    private(set) var queue: Deque<Item> = []
    private(set) var isProcessing = false
    /// Items leave one at a time and in order, so the first add/update/delete/replace to be
    /// processed is the first one queued: the initial population.
    private(set) var hasSynced = false
    private(set) var isClosed = false

    var count: Int { queue.count }

    /// Queues an event; a resync already waiting at the tail covers a new one.
    mutating func push(_ event: Item) {
        if case .resync = event, case .resync = queue.last { return }
        queue.append(event)
    }

    mutating func close() { isClosed = true }

    mutating func takeNext() -> Item? {
        guard !isProcessing, let event = queue.popFirst() else { return nil }
        isProcessing = true
        return event
    }

    /// Marks the item in process as done; `wasResync` says whether it was a ``InOrderFIFOItem/resync``.
    mutating func finish(wasResync: Bool) {
        isProcessing = false
        if wasResync { return }
        hasSynced = true
    }
}
