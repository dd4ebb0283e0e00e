/// What every queue in this module offers: ``WorkQueue``, ``DelayingQueue`` and
/// ``RateLimitingQueue``. Controllers can be written against it.
public protocol WorkQueueProtocol<Item>: Sendable {
    /// The queued item type, usually an object key.
    associatedtype Item: Hashable & Sendable
    /// Marks `item` as needing processing (see ``WorkQueue/add(_:)``).
    func add(_ item: Item)
    /// Waits for the next item; nil once shut down and empty (see ``WorkQueue/get()``).
    func get() async -> Item?
    /// Marks `item` as processed (see ``WorkQueue/done(_:)``).
    func done(_ item: Item)
    /// The number of items waiting to be handed out.
    var len: Int { get }
    /// True once shutdown began.
    var isShuttingDown: Bool { get }
    /// Stops accepting adds; getters drain the queue, then get nil.
    func shutDown()
    /// Shuts down and waits until no item is being processed.
    func shutDownWithDrain() async
}

extension WorkQueue: WorkQueueProtocol {}
