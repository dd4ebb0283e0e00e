import DequeModule
import KubeModel
import Metrics
import ServiceLifecycle

extension SharedIndexInformer {
    /// Lists, watches and delivers events until the task is cancelled or graceful shutdown.
    /// An informer runs once; a second call returns at once.
    public func run() async throws {
        let (listenerStarts, starter) = AsyncStream<Listener<Object>>.makeStream()
        let existing: [Listener<Object>]? = state.withLock { s in
            guard !s.started else { return nil }
            s.started = true
            s.startListener = starter
            return s.allListeners
        }
        guard let existing else { return }
        let queue: InformerSink<Object>.Queue =
            switch configuration.queue {
            case .inOrder: .inOrder(InOrderFIFO())
            case .deltaFIFO: .delta(DeltaFIFO(knownObjects: indexer))
            }
        let sink = InformerSink(queue: queue, transform: configuration.transform) { [weak self] in
            guard let self, case .delta(let fifo) = queue, fifo.hasSynced else { return }
            self.markSynced()
        }
        let reflector = Reflector(
            listerWatcher: listerWatcher, store: sink, configuration: configuration.reflector, logger: logger)
        let errorHandler = state.withLock {
            $0.reflector = reflector
            $0.queue = queue
            return $0.watchErrorHandler
        }
        if let errorHandler { reflector.setWatchErrorHandler(errorHandler) }

        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await reflector.run() }
                group.addTask { await self.processLoop(queue) }
                group.addTask { await self.resyncLoop(sink) }
                for listener in existing { group.addTask { await listener.run() } }
                for await listener in listenerStarts { group.addTask { await listener.run() } }
                group.cancelAll()
            }
        }
        sink.close()
        let listeners = state.withLock { s in
            s.stopped = true
            s.startListener = nil
            return s.allListeners
        }
        synced.open(false)
        for l in listeners {
            l.buffer.close()
            l.registration.markStopped()
        }
        starter.finish()
    }

    // MARK: - Processing

    func processLoop(_ queue: InformerSink<Object>.Queue) async {
        let depth = Gauge(label: "kinformer_informer_queue_depth", dimensions: [("resource", "\(configuration.resource)")])
        while !Task.isCancelled {
            defer { depth.record(queue.count) }
            do {
                switch queue {
                case .inOrder(let fifo):
                    var newlySynced = false
                    try await fifo.pop { item in
                        var owned = Optional(item)  // moved into apply, which moves the objects on
                        newlySynced = distribution.withLock { _ in apply(owned.take()!) }
                    }
                    if newlySynced { synced.open(true) }
                case .delta(let fifo):
                    try await fifo.pop { _, deltas in distribution.withLock { _ in apply(deltas) } }
                    if fifo.hasSynced { markSynced() }
                }
            } catch {
                return
            }
        }
    }

    private func listeners(resync: Bool) -> [Listener<Object>] {
        state.withLock { s in
            resync
                ? s.resyncingListeners.compactMap { s.listeners[$0] }
                : s.allListeners
        }
    }

    /// Pushes `event` to every listener: copies for all but the last, which takes it.
    private func notify(_ event: consuming InformerEvent<Object>, to listeners: [Listener<Object>]) {
        guard let last = listeners.last else { return }
        for i in 0..<listeners.count - 1 { listeners[i].push(copy event) }
        last.push(event)
    }

    /// Pushes a relist's events to every listener at once (one lock per listener, not per event).
    private func notify(contentsOf events: consuming Deque<ListenerNotification<Object>>, to listeners: [Listener<Object>]) {
        guard let last = listeners.last else { return }
        for i in 0..<listeners.count - 1 { listeners[i].push(contentsOf: copy events) }
        last.push(contentsOf: events)
    }

    /// Applies one in-order item to the cache and tells handlers. Runs under `distribution`.
    /// Returns true when this item synced the informer (the caller opens `synced` after
    /// releasing `distribution`).
    private func apply(_ item: consuming InOrderFIFOItem<Object>) -> Bool {
        // The item is owned: each object moves into its event, and only the cache's copy is
        // made (a copy of an object retains every reference it holds).
        switch consume item {
        case .added(let object), .updated(let object):
            let all = listeners(resync: false)
            if let old = indexer.add(object) {
                notify(.updated(old: old, new: object), to: all)
            } else {
                notify(.added(object, isInInitialList: false), to: all)
            }
        case .deleted(let payload):
            _ = indexer.delete(key: payload.key)
            notify(.deleted(payload), to: listeners(resync: false))
        case .replaced(let objects, let resourceVersion):
            let initial = !hasSynced
            let changes = indexer.replaceComputingChanges(objects, resourceVersion: resourceVersion)
            let all = listeners(resync: false)
            var events = Deque<ListenerNotification<Object>>()
            events.reserveCapacity(changes.deleted.count + changes.added.count + changes.updated.count)
            for tombstone in changes.deleted { events.append(.event(.deleted(.tombstone(tombstone)))) }
            for object in changes.added { events.append(.event(.added(object, isInInitialList: initial))) }
            for (old, new) in changes.updated { events.append(.event(.updated(old: old, new: new))) }
            notify(contentsOf: events, to: all)
            if initial { return markSyncedLocked(all) }
        case .resync:
            let due = listeners(resync: true)
            guard !due.isEmpty else { return false }
            for object in indexer.list() { notify(.updated(old: object, new: object), to: due) }
        }
        return false
    }

    /// Applies one key's deltas (DeltaFIFO mode). Runs under `distribution`.
    private func apply(_ deltas: [Delta<Object>]) {
        let synced = hasSynced
        for delta in deltas {
            let targets = listeners(resync: delta.type == .sync)
            switch delta.type {
            case .added, .updated, .replaced, .sync:
                let object = delta.object
                if let old = indexer.add(object) {
                    notify(.updated(old: old, new: object), to: targets)
                } else {
                    notify(.added(object, isInInitialList: delta.type == .replaced && !synced), to: targets)
                }
            case .deleted:
                _ = indexer.delete(key: delta.payload.key)
                notify(.deleted(delta.payload), to: targets)
            }
        }
    }

    /// Marks the informer synced (once), tells every handler's buffer, then wakes the waiters.
    func markSynced() {
        let newlySynced = distribution.withLock { _ in markSyncedLocked(listeners(resync: false)) }
        if newlySynced { synced.open(true) }
    }

    /// Under `distribution`: sets the synced flag (once) and queues the synced marker to every
    /// handler, so a handler added later is told by `addListener` instead. Returns whether this
    /// call synced the informer.
    private func markSyncedLocked(_ listeners: [Listener<Object>]) -> Bool {
        let newlySynced = state.withLock { s in
            guard !s.synced, !s.stopped else { return false }
            s.synced = true
            return true
        }
        if newlySynced { for l in listeners { l.pushSynced() } }
        return newlySynced
    }

    // MARK: - Resync

    /// Replays the cache to handlers whose resync period has elapsed. Never contacts the server.
    func resyncLoop(_ sink: InformerSink<Object>) async {
        while !Task.isCancelled {
            let periods = state.withLock { s in s.listeners.values.compactMap(\.registration.resyncPeriod) }
            let shortest = configuration.resyncCheckPeriod ?? periods.min() ?? .seconds(1)
            do { try await Task.sleep(for: max(shortest, .seconds(1))) } catch { return }
            guard hasSynced else { continue }
            let now = ContinuousClock.now
            let due = state.withLock { s in
                Set(s.listeners.values.filter { $0.takeResyncIfDue(now: now) }.map(\.id))
            }
            guard !due.isEmpty else { continue }
            state.withLock { $0.resyncingListeners = due }
            sink.resync()
        }
    }
}
