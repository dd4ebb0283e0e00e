import Foundation
import KubeClient
import KubeModel
public import Logging
import KubeSupport
import Synchronization

/// Lists a collection once, then watches it forever, feeding a ``ReflectorStore`` so that it
/// converges to the server's state.
///
/// - The first list asks for `resourceVersion=0` (served from the API server's watch cache),
///   in pages; the watch then starts from the list's resourceVersion, always with bookmarks and
///   a random timeout in [5, 10) minutes.
/// - A watch that ends normally is resumed from the last resourceVersion seen, without a list.
/// - A watch or list that fails with 410 Gone / "too old resource version", or "too large
///   resource version", leads to a re-list with `resourceVersion=""` (a consistent read).
/// - Other failures back off (800 ms → 30 s with jitter, reset after 2 minutes of health);
///   failures to *start* a watch for transport reasons (API server restarting) re-watch from the
///   same resourceVersion without a list. A malformed event re-lists, so nothing is lost.
/// - With ``ReflectorConfiguration/useStreamingList``, the initial state comes from a watch with
///   `sendInitialEvents=true`, ending at the `k8s.io/initial-events-end` bookmark; servers that
///   refuse it (before v1.27) fall back to list + watch for the life of the reflector.
///
/// The decisions are made by a pure state machine (`ReflectorStateMachine`); this type performs
/// its actions (requests, store writes, sleeps) and publishes what it did.
public final class Reflector<LW: ListerWatcher, Store: ReflectorStore<LW.Object>>: Sendable {
    public typealias Object = LW.Object
    /// Settings, defaulting to client-go's.
    public typealias Configuration = ReflectorConfiguration
    /// Counters of what the reflector did.
    public typealias Statistics = ReflectorStatistics

    /// What readers see. Written by the running loop only: once per event for the
    /// resourceVersion, otherwise on lists, watch starts and failures.
    private struct Published {
        var resourceVersion = ""
        /// Everything but `events`, which is in `eventCount`.
        var statistics = Statistics()
        var errorHandler: (@Sendable (any Error) -> Void)?
    }

    public let configuration: Configuration
    private let listerWatcher: LW
    private let store: Store
    private let logger: Logger
    private let published = Locked(Published())
    /// Watch events received; one writer (the running loop), so no lock per event.
    private let eventCount = Atomic<Int>(0)

    public init(listerWatcher: LW, store: Store, configuration: Configuration, logger: Logger? = nil) {
        self.listerWatcher = listerWatcher
        self.store = store
        self.configuration = configuration
        var logger = logger ?? Logger(label: "kinformer.reflector")
        logger[metadataKey: "resource"] = "\(configuration.name)"
        self.logger = logger
    }

    /// The resourceVersion of the last list, event or bookmark applied to the store.
    public var lastSyncResourceVersion: String { published.withLock { $0.resourceVersion } }

    /// What the reflector has done so far.
    public var statistics: Statistics {
        var statistics = published.withLock { $0.statistics }
        statistics.events = eventCount.load(ordering: .relaxed)
        return statistics
    }

    /// Sets a function told of every list or watch failure (the reflector recovers by itself;
    /// this is for logging or metrics).
    public func setWatchErrorHandler(_ handler: @escaping @Sendable (any Error) -> Void) {
        published.withLock { $0.errorHandler = handler }
    }

    /// Lists and watches until the calling task is cancelled.
    public func run() async {
        var machine = ReflectorStateMachine<Object>(configuration: configuration)
        var step = machine.start()
        while !Task.isCancelled {
            perform(step, machine)
            switch step.action {
            case .list(let options):
                do {
                    step = machine.listPageReceived(try await listerWatcher.list(options))
                } catch {
                    if isCancellation(error) { return }
                    step = machine.listFailed(error, now: .now)
                }
            case .watch(let options):
                let events: LW.Events
                do {
                    events = try await listerWatcher.watch(options)
                } catch {
                    if isCancellation(error) { return }
                    step = machine.watchStartFailed(error, now: .now)
                    continue
                }
                machine.watchStarted()
                publish(machine)
                guard let next = await consume(events, &machine) else { return }
                step = next
            case .sleep(let delay):
                do { try await Task.sleep(for: delay) } catch { return }
                step = machine.backoffElapsed()
            }
        }
    }

    /// Feeds a watch's events to the machine and performs what it answers.
    /// - Returns: the machine's next step, or `nil` when cancelled.
    private func consume(_ events: LW.Events, _ machine: inout ReflectorStateMachine<Object>) async -> ReflectorStateMachine<Object>.Step? {
        var publishedRV = machine.lastSyncResourceVersion
        do {
            for try await event in events {
                let action = machine.watchEvent(event)
                eventCount.store(machine.statistics.events, ordering: .relaxed)
                switch action {
                case .skip: break
                case .apply:
                    switch event {
                    case .added(let object): store.add(object)
                    case .modified(let object): store.update(object)
                    case .deleted(let object): store.delete(object)
                    case .bookmark, .error: break
                    }
                case .replace:
                    let (objects, resourceVersion) = machine.takeInitialState()
                    store.replace(objects, resourceVersion: resourceVersion)
                    publish(machine)
                case .fail:
                    if case .error(let error) = event { throw error }
                }
                let rv = machine.lastSyncResourceVersion
                if rv != publishedRV {
                    published.withLock { $0.resourceVersion = rv }
                    publishedRV = rv
                }
            }
        } catch {
            if isCancellation(error) { return nil }
            return machine.watchFailed(error, now: .now)
        }
        if Task.isCancelled { return nil }
        return machine.watchEnded(now: .now)
    }

    /// Replaces the store, reports, logs — everything of a step but its action.
    private func perform(_ step: ReflectorStateMachine<Object>.Step, _ machine: ReflectorStateMachine<Object>) {
        if let replace = step.replace { store.replace(replace.objects, resourceVersion: replace.resourceVersion) }
        let handler = publish(machine)
        if let note = step.note { log(note) }
        if let error = step.report {
            logger.debug("list or watch failed", metadata: ["error": "\(error)"])
            handler?(error)
        }
    }

    /// Publishes the machine's resourceVersion and counters; returns the error handler.
    @discardableResult
    private func publish(_ machine: ReflectorStateMachine<Object>) -> (@Sendable (any Error) -> Void)? {
        let (rv, statistics) = (machine.lastSyncResourceVersion, machine.statistics)
        eventCount.store(statistics.events, ordering: .relaxed)
        return published.withLock { p in
            p.resourceVersion = rv
            p.statistics = statistics
            return p.errorHandler
        }
    }

    private func isCancellation(_ error: any Error) -> Bool {
        Task.isCancelled || error is CancellationError
    }

    private func log(_ note: ReflectorStateMachine<Object>.Note) {
        switch note {
        case .listed(let items, let rv):
            logger.debug("listed", metadata: ["items": "\(items)", "rv": "\(rv)"])
        case .listResourceVersionUnavailable(let rv):
            logger.debug("list resourceVersion unavailable, listing at latest", metadata: ["rv": "\(rv)"])
        case .continueTokenExpired:
            logger.debug("continue token expired, restarting list")
        case .streamingRefused:
            logger.debug("server refused a streaming list, using list + watch")
        case .streamingIncomplete:
            logger.debug("streaming list ended before its initial events were complete")
        case .watchClosed(let rv):
            logger.debug("watch closed", metadata: ["rv": "\(rv)"])
        case .watchExpired(let rv):
            logger.debug("watch resourceVersion expired, relisting", metadata: ["rv": "\(rv)"])
        }
    }
}
