import DequeModule

/// The pure state of a ``WorkQueue``: which items wait, which are being processed, who waits for
/// an item, and whether the queue is shutting down.
///
/// No locking, no I/O, no continuations are resumed here: every operation returns an action that
/// tells the caller (the ``WorkQueue`` shell) which waiter to resume with what. `GetWaiter` and
/// `DrainWaiter` are opaque to the machine (continuations in the shell, plain values in tests).
///
/// Sets and their meaning:
/// - `queue`: items ready to be handed out, in FIFO order, each at most once.
/// - `dirty`: every item that must be processed (again): everything in `queue`, plus items that
///   were added while being processed (they go back to `queue` when `done` is called).
/// - `processing`: items handed out by `get` and not yet `done`.
@usableFromInline
struct WorkQueueStateMachine<Item: Hashable, GetWaiter, DrainWaiter> {
    @usableFromInline var queue: Deque<Item> = []
    @usableFromInline var dirty: Set<Item> = []
    @usableFromInline var processing: Set<Item> = []
    @usableFromInline var getWaiters: Deque<(id: UInt64, waiter: GetWaiter)> = []
    @usableFromInline var drainWaiters: [(id: UInt64, waiter: DrainWaiter)] = []
    @usableFromInline var isShuttingDown = false
    @usableFromInline var nextWaiterID: UInt64 = 0

    @inlinable init() {}

    /// The number of items waiting in the queue (not counting items being processed).
    @inlinable var count: Int { queue.count }

    /// The number of items that still have to be processed (`queue` plus re-added items that are
    /// being processed). This is the `depth` metric.
    @inlinable var depth: Int { dirty.count }

    // MARK: add

    /// What ``add(_:)`` did.
    @usableFromInline enum AddAction {
        /// The queue is shutting down; the item was dropped.
        case droppedShuttingDown
        /// The item was already waiting; the add collapsed into it.
        case collapsed
        /// The item is being processed; it will be queued again when `done` is called.
        case deferred
        /// The item was appended to the queue.
        case enqueued
        /// A getter was waiting: resume it with the item, which is now being processed.
        case handOff(GetWaiter, Item)
    }

    /// Marks `item` as needing processing.
    @inlinable mutating func add(_ item: Item) -> AddAction {
        if isShuttingDown { return .droppedShuttingDown }
        guard dirty.insert(item).inserted else { return .collapsed }
        if processing.contains(item) { return .deferred }
        if let waiter = getWaiters.popFirst() {
            // A waiting getter implies an empty queue, so handing off keeps FIFO order.
            dirty.remove(item)
            processing.insert(item)
            return .handOff(waiter.waiter, item)
        }
        queue.append(item)
        return .enqueued
    }

    // MARK: get

    /// What ``tryGet()`` did.
    @usableFromInline enum TryGetAction {
        /// An item was taken; it is now being processed.
        case item(Item)
        /// The queue is shut down and empty: the getter gets nil.
        case shutDown
        /// Nothing is ready; the caller must wait, registering under this id.
        case mustWait(id: UInt64)
    }

    /// Takes the first item without waiting, or reserves a waiter id if the caller has to wait.
    @inlinable mutating func tryGet() -> TryGetAction {
        if let item = takeFirst() { return .item(item) }
        if isShuttingDown { return .shutDown }
        nextWaiterID &+= 1
        return .mustWait(id: nextWaiterID)
    }

    /// What ``get(id:waiter:isCancelled:)`` did.
    @usableFromInline enum GetAction {
        /// An item was taken; resume the waiter with it.
        case item(Item)
        /// Shut down and empty, or the task was cancelled: resume the waiter with nil.
        case none
        /// The waiter was stored; a later add, shutdown or cancellation resumes it.
        case suspended
    }

    /// Takes the first item, or stores `waiter` until an item arrives. A cancelled caller never
    /// takes an item.
    @inlinable mutating func get(id: UInt64, waiter: GetWaiter, isCancelled: Bool) -> GetAction {
        if isCancelled { return .none }
        if let item = takeFirst() { return .item(item) }
        if isShuttingDown { return .none }
        getWaiters.append((id, waiter))
        return .suspended
    }

    /// Removes the waiter registered under `id`, if it is still waiting; the caller resumes it
    /// with nil.
    @inlinable mutating func cancelGet(id: UInt64) -> GetWaiter? {
        guard let index = getWaiters.firstIndex(where: { $0.id == id }) else { return nil }
        return getWaiters.remove(at: index).waiter
    }

    @inlinable mutating func takeFirst() -> Item? {
        guard let item = queue.popFirst() else { return nil }
        dirty.remove(item)
        processing.insert(item)
        return item
    }

    // MARK: done

    /// What ``done(_:)`` did.
    @usableFromInline enum DoneAction {
        /// Nothing to resume (also when the item was not being processed).
        case none
        /// The item had been re-added during processing and a getter was waiting: resume it
        /// with the item.
        case handOff(GetWaiter, Item)
        /// Processing is now empty during a draining shutdown: resume these drain waiters.
        case drained([DrainWaiter])
    }

    /// Marks `item` as no longer being processed; queues it again if it was re-added meanwhile.
    @inlinable mutating func done(_ item: Item) -> DoneAction {
        guard processing.remove(item) != nil else { return .none }
        if dirty.contains(item) {
            if let waiter = getWaiters.popFirst() {
                dirty.remove(item)
                processing.insert(item)
                return .handOff(waiter.waiter, item)
            }
            queue.append(item)
        }
        return takeDrainWaitersIfDrained()
    }

    // MARK: shutdown

    /// Stops accepting adds. Returns the getters to resume with nil (they only wait when the
    /// queue is empty, so nothing is lost).
    @inlinable mutating func shutDown() -> [GetWaiter] {
        isShuttingDown = true
        let waiters = getWaiters.map(\.waiter)
        getWaiters.removeAll()
        return waiters
    }

    /// Reserves an id for a drain waiter.
    @inlinable mutating func reserveDrainID() -> UInt64 {
        nextWaiterID &+= 1
        return nextWaiterID
    }

    /// What ``shutDownWithDrain(id:waiter:isCancelled:)`` did.
    @usableFromInline struct DrainAction {
        /// Getters to resume with nil.
        @usableFromInline var getWaiters: [GetWaiter]
        /// True when the drain waiter must be resumed now (nothing is being processed, or the
        /// caller is cancelled); false when it was stored.
        @usableFromInline var resumeNow: Bool

        @inlinable init(getWaiters: [GetWaiter], resumeNow: Bool) {
            self.getWaiters = getWaiters
            self.resumeNow = resumeNow
        }
    }

    /// Shuts down and stores `waiter` until no item is being processed.
    @inlinable mutating func shutDownWithDrain(id: UInt64, waiter: DrainWaiter, isCancelled: Bool) -> DrainAction {
        let getters = shutDown()
        if processing.isEmpty || isCancelled { return DrainAction(getWaiters: getters, resumeNow: true) }
        drainWaiters.append((id, waiter))
        return DrainAction(getWaiters: getters, resumeNow: false)
    }

    /// Removes the drain waiter registered under `id`, if it is still waiting.
    @inlinable mutating func cancelDrain(id: UInt64) -> DrainWaiter? {
        guard let index = drainWaiters.firstIndex(where: { $0.id == id }) else { return nil }
        return drainWaiters.remove(at: index).waiter
    }

    @inlinable mutating func takeDrainWaitersIfDrained() -> DoneAction {
        guard processing.isEmpty, !drainWaiters.isEmpty else { return .none }
        let waiters = drainWaiters.map(\.waiter)
        drainWaiters.removeAll()
        return .drained(waiters)
    }
}
