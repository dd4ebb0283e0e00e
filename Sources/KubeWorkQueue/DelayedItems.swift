import HeapModule

/// The pure bookkeeping of a ``DelayingQueue``: items waiting for their ready time, in a heap
/// ordered by ready time (ties in insertion order).
///
/// Each item waits at most once; scheduling it again only ever moves it earlier. Superseded heap
/// entries stay in the heap and are skipped when they surface.
struct DelayedItems<Item: Hashable> {
    struct Entry: Comparable {
        var readyAt: Duration
        var sequence: UInt64
        var item: Item

        static func < (lhs: Self, rhs: Self) -> Bool {
            (lhs.readyAt, lhs.sequence) < (rhs.readyAt, rhs.sequence)
        }

        static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.readyAt == rhs.readyAt && lhs.sequence == rhs.sequence
        }
    }

    private var heap = Heap<Entry>()
    /// The live entry's sequence number and ready time, per waiting item.
    private var waiting: [Item: (sequence: UInt64, readyAt: Duration)] = [:]
    private var nextSequence: UInt64 = 0

    init() {}

    /// The number of distinct items waiting.
    var count: Int { waiting.count }

    /// When `item` becomes ready, if it is waiting.
    func readyAt(of item: Item) -> Duration? { waiting[item]?.readyAt }

    /// Makes `item` ready at `readyAt`, unless it already waits for an earlier or equal time.
    /// Returns true if the item's ready time was set or moved earlier.
    mutating func schedule(_ item: Item, readyAt: Duration) -> Bool {
        if let existing = waiting[item], existing.readyAt <= readyAt { return false }
        nextSequence &+= 1
        waiting[item] = (nextSequence, readyAt)
        heap.insert(Entry(readyAt: readyAt, sequence: nextSequence, item: item))
        return true
    }

    /// The earliest ready time of any waiting item.
    mutating func nextReadyAt() -> Duration? {
        dropSupersededEntries()
        return heap.min?.readyAt
    }

    /// Removes and returns, earliest first, every item ready at `now`.
    mutating func popReady(now: Duration) -> [Item] {
        var ready: [Item] = []
        while true {
            dropSupersededEntries()
            guard let first = heap.min, first.readyAt <= now else { return ready }
            _ = heap.removeMin()
            waiting.removeValue(forKey: first.item)
            ready.append(first.item)
        }
    }

    /// Forgets every waiting item.
    mutating func removeAll() {
        heap = Heap()
        waiting.removeAll()
    }

    private mutating func dropSupersededEntries() {
        while let first = heap.min, waiting[first.item]?.sequence != first.sequence {
            _ = heap.removeMin()
        }
    }

    /// Throws if the heap and the waiting map disagree (for tests).
    func checkInvariants() throws(WorkQueueInvariantViolation) {
        for (item, live) in waiting {
            let found = heap.unordered.contains { $0.sequence == live.sequence && $0.item == item && $0.readyAt == live.readyAt }
            if !found { throw WorkQueueInvariantViolation(message: "a waiting item has no heap entry") }
        }
    }
}
