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

/// The pure state of an ``InOrderFIFO``: events in order, one in process at a time, and the
/// initial-population accounting.
struct InOrderFIFOState<Object: KubernetesObject>: FIFOStateMachine {
    struct Item: Sendable {
        var event: InOrderFIFOItem<Object>
        var isInitial: Bool
    }

    private(set) var queue: Deque<InOrderFIFOItem<Object>> = []
    private(set) var isProcessing = false
    private(set) var populated = false
    /// Position in the stream (counting every item ever queued) of the item that completes the
    /// initial population; `nil` once it is processed or before population.
    private var initialSequence: UInt64?
    /// Sequence number of the next item to pop / to push.
    private var poppedCount: UInt64 = 0
    private var pushedCount: UInt64 = 0
    private(set) var isClosed = false

    var hasSynced: Bool { populated && initialSequence == nil }
    var count: Int { queue.count }

    /// Queues an event. The first add/update/delete/replace sets the initial population.
    mutating func push(_ event: InOrderFIFOItem<Object>) {
        if case .resync = event {
            // A resync already waiting at the tail covers this one.
            if case .resync = queue.last { return }
        } else if !populated {
            populated = true
            initialSequence = pushedCount
        }
        queue.append(event)
        pushedCount += 1
    }

    mutating func close() { isClosed = true }

    mutating func takeNext() -> Item? {
        guard !isProcessing, let event = queue.popFirst() else { return nil }
        isProcessing = true
        let isInitial = initialSequence == poppedCount
        poppedCount += 1
        return Item(event: event, isInitial: isInitial)
    }

    mutating func finish(_ item: Item) {
        isProcessing = false
        if item.isInitial { initialSequence = nil }
    }
}
