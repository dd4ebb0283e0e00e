import DequeModule
import KubeModel

/// The pure state of a ``DeltaFIFO``: per-key delta lists, the FIFO order of keys, keys being
/// processed, and the initial-population accounting behind `hasSynced`.
struct DeltaFIFOState<Object: KubernetesObject>: FIFOStateMachine {
    /// A popped entry: its key, its deltas, and whether it counts towards the initial population.
    struct Item: Sendable {
        var key: String
        var deltas: [Delta<Object>]
        var isInitial: Bool
    }

    /// key → deltas, oldest first. A key is here exactly when it is in `queue`.
    private(set) var items: [String: [Delta<Object>]] = [:]
    /// Keys in FIFO order.
    private(set) var queue: Deque<String> = []
    /// Keys popped and not yet finished; not handed out again until finished.
    private(set) var inProcess: Set<String> = []
    /// The newest object of each key being processed: the consumer works outside the lock, so
    /// such a key may be neither queued nor in the known store yet, and still exist.
    private var inProcessObjects: [String: Object] = [:]
    /// Whether the first replace or first add/update/delete happened.
    private(set) var populated = false
    /// Initial items not yet popped.
    private(set) var initialToPop = 0
    /// Initial items not yet popped and processed.
    private(set) var initialUnprocessed = 0
    private(set) var isClosed = false
    private(set) var lastReplaceResourceVersion = ""

    /// client-go's `HasSynced`, strengthened: true once every initial item is processed.
    var hasSynced: Bool { populated && initialUnprocessed == 0 }

    var count: Int { queue.count }

    // MARK: producers

    mutating func add(_ object: Object) {
        queueAction(.added, .object(object))
        populateIfFirst(initialCount: queue.count)
    }

    mutating func update(_ object: Object) {
        queueAction(.updated, .object(object))
        populateIfFirst(initialCount: queue.count)
    }

    /// Queues a Deleted delta, unless the key is neither queued nor known (it is already gone).
    mutating func delete(_ payload: DeltaObject<Object>, known: (any KnownObjects<Object>)?) {
        let key = payload.key
        let isQueued = items[key] != nil || inProcess.contains(key)
        let isKnown = known?.get(key) != nil
        if isQueued || isKnown {
            queueAction(.deleted, payload)
        }
        populateIfFirst(initialCount: queue.count)
    }

    /// Queues Replaced for every listed object and a tombstone for every queued or known key that
    /// is not listed. The first call (if nothing came before) sets the initial population.
    mutating func replace(_ objects: [Object], resourceVersion: String, known: (any KnownObjects<Object>)?) {
        lastReplaceResourceVersion = resourceVersion
        var listed = Set<String>()
        listed.reserveCapacity(objects.count)
        for object in objects {
            listed.insert(object.key)
            queueAction(.replaced, .object(object))
        }
        var deletions = 0
        // Keys queued but not listed, in queue order for determinism.
        for key in queue where !listed.contains(key) {
            guard let newest = items[key]?.last else { continue }
            let tombstone = DeletedFinalStateUnknown(key: key, object: newest.object)
            queueAction(.deleted, .tombstone(tombstone))
            deletions += 1
        }
        var tombstoned = Set<String>()
        if let known {
            for key in known.listKeys() where !listed.contains(key) && items[key] == nil {
                // Gone from the store meanwhile: the consumer already processed its delete.
                guard let last = known.get(key) else { continue }
                queueAction(.deleted, .tombstone(DeletedFinalStateUnknown(key: key, object: last)))
                tombstoned.insert(key)
                deletions += 1
            }
        }
        // Keys being processed right now may not have reached the known store yet.
        for (key, object) in inProcessObjects.sorted(by: { $0.key < $1.key })
        where !listed.contains(key) && items[key] == nil && !tombstoned.contains(key) {
            queueAction(.deleted, .tombstone(DeletedFinalStateUnknown(key: key, object: object)))
            deletions += 1
        }
        populateIfFirst(initialCount: listed.count + deletions)
    }

    /// Queues Sync for every known key that has nothing queued.
    mutating func resync(known: (any KnownObjects<Object>)?) {
        guard let known else { return }
        for key in known.listKeys() where items[key] == nil {
            guard let object = known.get(key) else { continue }
            queueAction(.sync, .object(object))
        }
    }

    mutating func close() { isClosed = true }

    // MARK: consumer

    mutating func takeNext() -> Item? {
        guard let position = queue.firstIndex(where: { !inProcess.contains($0) }) else { return nil }
        let key = position == queue.startIndex ? queue.removeFirst() : queue.remove(at: position)
        let deltas = items.removeValue(forKey: key) ?? []
        inProcess.insert(key)
        if let newest = deltas.last, newest.type != .deleted { inProcessObjects[key] = newest.object }
        var isInitial = false
        if initialToPop > 0 {
            initialToPop -= 1
            isInitial = true
        }
        return Item(key: key, deltas: deltas, isInitial: isInitial)
    }

    /// Called after the consumer processed `item` (successfully or not).
    mutating func finish(_ item: Item) {
        inProcess.remove(item.key)
        inProcessObjects.removeValue(forKey: item.key)
        if item.isInitial { initialUnprocessed -= 1 }
    }

    // MARK: rules

    private mutating func populateIfFirst(initialCount: Int) {
        guard !populated else { return }
        populated = true
        initialToPop = initialCount
        initialUnprocessed = initialCount
    }

    private mutating func queueAction(_ type: DeltaType, _ payload: DeltaObject<Object>) {
        let key = payload.key
        if var deltas = items.removeValue(forKey: key) {
            deltas.append(Delta(type, payload))
            Self.collapseDeletes(&deltas)
            items[key] = deltas
        } else {
            items[key] = [Delta(type, payload)]
            queue.append(key)
        }
    }

    /// Two consecutive deletes collapse into one: a real delete wins over a tombstone; between
    /// two real deletes (or two tombstones) the earlier tombstone / the later delete stays.
    static func collapseDeletes(_ deltas: inout [Delta<Object>]) {
        guard deltas.count >= 2 else { return }
        let last = deltas[deltas.count - 1]
        let previous = deltas[deltas.count - 2]
        guard last.type == .deleted, previous.type == .deleted else { return }
        deltas.removeLast()
        if !last.payload.isTombstone { deltas[deltas.count - 1] = last }
    }
}
