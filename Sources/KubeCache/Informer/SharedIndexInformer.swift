import KubeClient
public import KubeModel
public import Logging
public import ServiceLifecycle
import KubeSupport

/// One list-then-watch of a resource, kept in an indexed local cache and told to any number of
/// handlers: the informer of client-go's `tools/cache`.
///
/// A ``Reflector`` lists once and then watches, feeding a FIFO; the informer pops it, updates
/// its ``Indexer`` and hands events to every handler through that handler's own buffer. Handlers
/// can be added and removed at any time; one added late first receives the cache as adds.
/// Resync replays the cache to handlers that asked for it — it never contacts the server.
///
/// `run()` runs until cancelled (or, as a ServiceLifecycle `Service`, until graceful shutdown).
public final class SharedIndexInformer<Object: KubernetesObject>: Service, Sendable {
    /// Which FIFO sits between the reflector and the cache.
    public typealias QueueKind = InformerQueueKind

    /// Settings, defaulting to client-go's.
    public struct Configuration: Sendable {
        /// The resource, for errors, logs and metrics.
        public var resource: ResourceDescriptor
        /// Resync period for handlers added without one; `nil`: no resync.
        public var defaultResyncPeriod: Duration?
        /// How often due resyncs are looked for; defaults to the shortest handler period (≥ 1 s).
        public var resyncCheckPeriod: Duration?
        /// The FIFO kind.
        public var queue: QueueKind = .inOrder
        /// Runs on each object before it enters the FIFO and the cache (e.g. ``Transforms/dropManagedFields``).
        public var transform: (@Sendable (Object) -> Object)?
        /// Index functions besides the built-in namespace index.
        public var indexers: IndexFunctions<Object> = [:]
        /// Settings of the reflector (page size, streaming lists, backoff, watch timeout).
        public var reflector: ReflectorConfiguration

        public init(resource: ResourceDescriptor) {
            self.resource = resource
            self.reflector = .init(name: resource.description)
        }
    }

    struct State {
        var listeners: [Int: Listener<Object>] = [:] {
            didSet { allListeners = listeners.values.sorted { $0.id < $1.id } }
        }
        /// The listeners in the order they were added, rebuilt only when one is added or
        /// removed: each event is handed to this array without copying the dictionary.
        private(set) var allListeners: [Listener<Object>] = []
        var nextListenerID = 0
        var started = false
        /// Set with the handlers' synced markers, under `distribution`; `synced` (the latch for
        /// waiters) opens right after `distribution` is released.
        var synced = false
        var resyncingListeners: Set<Int> = []
        var startListener: AsyncStream<Listener<Object>>.Continuation?
        var reflector: Reflector<ListWatch<Object>, InformerSink<Object>>?
        var queue: InformerSink<Object>.Queue?
        var watchErrorHandler: (@Sendable (any Error) -> Void)?
        var stopped = false
    }

    public let configuration: Configuration
    /// The local cache. Read it freely; only the informer writes it.
    public let indexer: Indexer<Object>
    let listerWatcher: ListWatch<Object>
    let logger: Logger
    // Lock order (take them only in this order; never call out to user code while holding one):
    //   distribution → state → indexer (Indexer's lock) → buffer (a HandlerBuffer's lock).
    // `synced` and the registrations' latches have their own locks and are never held while
    // taking another. Continuations are resumed after every lock is released.
    let state = Locked(State())
    /// Opened with true when the first list has been applied, or with false when the informer
    /// stops before that.
    let synced = Latch<Bool>()
    /// Held while an item is applied to the cache and handed to handlers, and while a handler
    /// is added with a snapshot of the cache, so a new handler neither misses nor repeats an event.
    let distribution = Locked(())

    /// Creates an informer over a ListerWatcher (e.g. a ``ResourceClient``).
    public init<LW: ListerWatcher<Object>>(
        listerWatcher: LW, configuration: Configuration, logger: Logger = Logger(label: "kinformer.informer")
    ) throws where LW.Events: Sendable {
        // A ListWatch (the factory's) is used as it is: its watch is already type-erased once.
        self.listerWatcher = listerWatcher as? ListWatch<Object> ?? ListWatch(listerWatcher, tweak: ListTweak())
        self.configuration = configuration
        self.indexer = try Indexer(indexers: configuration.indexers)
        var logger = logger
        logger[metadataKey: "resource"] = "\(configuration.resource)"
        self.logger = logger
    }

    /// A lister over the cache.
    public var lister: Lister<Object> { Lister(indexer: indexer, resource: configuration.resource) }

    /// True once the first list has been applied to the cache and handed to handlers' buffers.
    public var hasSynced: Bool { state.withLock { $0.synced } }

    /// The resourceVersion of the last list or event applied ("" before the first list).
    public var lastSyncResourceVersion: String {
        state.withLock { $0.reflector }?.lastSyncResourceVersion ?? ""
    }

    /// What the reflector has done (lists, watches, events, relists), if running.
    public var reflectorStatistics: ReflectorStatistics? {
        state.withLock { $0.reflector }?.statistics
    }

    /// Sets a function told of every list or watch failure. The informer recovers by itself
    /// (re-watch, relist, backoff); this is for logging, metrics or telling a user. May be called
    /// before or while running.
    public func setWatchErrorHandler(_ handler: @escaping @Sendable (any Error) -> Void) {
        let reflector = state.withLock { s in
            s.watchErrorHandler = handler
            return s.reflector
        }
        reflector?.setWatchErrorHandler(handler)
    }

    /// Items waiting in the FIFO between the reflector and the cache (0 before ``run()``); also
    /// the `kinformer_informer_queue_depth` gauge. A depth that keeps growing means the cache and
    /// handler distribution fall behind the watch.
    public var queueDepth: Int { state.withLock { $0.queue }?.count ?? 0 }

    /// Waits until ``hasSynced`` and returns true. Returns false when the informer stops before
    /// syncing or when the calling task is cancelled; other waiters keep waiting.
    @discardableResult
    public func waitForCacheSync() async -> Bool {
        await synced.wait() ?? false
    }

    /// Adds a handler. If the informer already has objects, the handler first receives them as
    /// adds (`isInInitialList: true`); its registration's `hasSynced` turns true after that.
    /// - Parameter resyncPeriod: how often the cache is replayed to this handler as updates;
    ///   defaults to the informer's `defaultResyncPeriod`.
    @discardableResult
    public func addEventHandler(
        _ handler: some ResourceEventHandler<Object>, resyncPeriod: Duration? = nil
    ) -> HandlerRegistration {
        addListener(handler: handler, resyncPeriod: resyncPeriod ?? configuration.defaultResyncPeriod).registration
    }

    /// Adds closures as a handler; see ``addEventHandler(_:resyncPeriod:)``.
    @discardableResult
    public func addEventHandler(
        resyncPeriod: Duration? = nil,
        onAdd: (@Sendable (Object, _ isInInitialList: Bool) async -> Void)? = nil,
        onUpdate: (@Sendable (_ old: Object, _ new: Object) async -> Void)? = nil,
        onDelete: (@Sendable (DeltaObject<Object>) async -> Void)? = nil
    ) -> HandlerRegistration {
        addEventHandler(EventHandlers(onAdd: onAdd, onUpdate: onUpdate, onDelete: onDelete), resyncPeriod: resyncPeriod)
    }

    /// Removes a handler; it receives nothing more.
    public func removeEventHandler(_ registration: HandlerRegistration) {
        let listener = distribution.withLock { _ in
            state.withLock { $0.listeners.removeValue(forKey: registration.id) }
        }
        listener?.buffer.close()
        registration.markStopped()
    }

    /// The registrations of the handlers currently added.
    public var registrations: [HandlerRegistration] {
        state.withLock { $0.allListeners.map(\.registration) }
    }

    func addListener(handler: (any ResourceEventHandler<Object>)?, resyncPeriod: Duration?) -> Listener<Object> {
        let (listener, starter): (Listener<Object>, AsyncStream<Listener<Object>>.Continuation?) =
            distribution.withLock { _ in
                let (listener, synced, stopped, starter) = state.withLock { s in
                    let listener = Listener<Object>(
                        id: s.nextListenerID, handler: handler, resyncPeriod: resyncPeriod,
                        metricsName: configuration.resource.description)
                    s.nextListenerID += 1
                    s.listeners[listener.id] = listener
                    return (listener, s.synced, s.stopped, s.startListener)
                }
                for object in indexer.list() { listener.push(.added(object, isInInitialList: true)) }
                if synced { listener.pushSynced() }
                if stopped {
                    // Added after the informer stopped: it gets the final cache, then the end.
                    listener.buffer.close()
                    listener.registration.markStopped()
                }
                return (listener, starter)
            }
        starter?.yield(listener)
        return listener
    }
}

/// Which FIFO sits between an informer's reflector and its cache.
public enum InformerQueueKind: Sendable, Hashable {
    /// Every event in watch order; a relist is applied atomically (the default).
    case inOrder
    /// client-go's DeltaFIFO: per-key delta lists, tombstones queued by `Replace`.
    case deltaFIFO
}

/// Ready-made transforms for ``SharedIndexInformer/Configuration/transform``.
public enum Transforms {
    /// Drops `metadata.managedFields`, which few controllers read and which is often the
    /// largest part of an object: a smaller cache for the same information.
    @Sendable public static func dropManagedFields<Object: KubernetesObject>(_ object: Object) -> Object {
        guard object.metadata.managedFields != nil else { return object }
        var copy = object
        copy.metadata.managedFields = nil
        return copy
    }
}
