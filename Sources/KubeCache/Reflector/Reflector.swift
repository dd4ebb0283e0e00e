import Foundation
public import KubeClient
public import KubeModel
public import Logging
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
/// - With ``Configuration/useStreamingList``, the initial state comes from a watch with
///   `sendInitialEvents=true`, ending at the `k8s.io/initial-events-end` bookmark; servers that
///   refuse it (before v1.27) fall back to list + watch for the life of the reflector.
public final class Reflector<LW: ListerWatcher, Store: ReflectorStore<LW.Object>>: Sendable {
    public typealias Object = LW.Object

    /// Settings, defaulting to client-go's.
    public struct Configuration: Sendable {
        /// A name for logs and metrics, e.g. `pods`.
        public var name: String
        /// Page size of lists not served from the watch cache.
        public var pageSize: Int = 500
        /// Watches time out after a random duration in [minWatchTimeout, 2 × minWatchTimeout).
        public var minWatchTimeout: Duration = .seconds(300)
        /// Delays after failures.
        public var backoff: Backoff = Backoff()
        /// Get the initial state from a streaming watch (`sendInitialEvents`) when the server supports it.
        public var useStreamingList: Bool = false

        public init(name: String) { self.name = name }
    }

    /// Counters of what the reflector did, for tests, metrics and the demo.
    public struct Statistics: Sendable, Hashable {
        /// Lists made (full lists, not pages).
        public var lists = 0
        /// Watches started.
        public var watches = 0
        /// Watch events received (bookmarks included).
        public var events = 0
        /// Relists because the resourceVersion was too old (410) or too large.
        public var relistsAfterExpiry = 0
        /// Failures reported to the watch error handler.
        public var errors = 0
        /// Whether the server accepted a streaming list; `nil` until tried.
        public var streamingListSupported: Bool?
    }

    private struct State {
        var lastSyncResourceVersion = ""
        var lastSyncUnavailable = false
        var streamingUnsupported = false
        var statistics = Statistics()
        var errorHandler: (@Sendable (any Error) -> Void)?
    }

    public let configuration: Configuration
    private let listerWatcher: LW
    private let store: Store
    private let logger: Logger
    private let state = Mutex(State())

    public init(listerWatcher: LW, store: Store, configuration: Configuration, logger: Logger? = nil) {
        self.listerWatcher = listerWatcher
        self.store = store
        self.configuration = configuration
        var logger = logger ?? Logger(label: "kinformer.reflector")
        logger[metadataKey: "resource"] = "\(configuration.name)"
        self.logger = logger
    }

    /// The resourceVersion of the last list, event or bookmark applied to the store.
    public var lastSyncResourceVersion: String { state.withLock { $0.lastSyncResourceVersion } }

    /// What the reflector has done so far.
    public var statistics: Statistics { state.withLock { $0.statistics } }

    /// Sets a function told of every list or watch failure (the reflector recovers by itself;
    /// this is for logging or metrics).
    public func setWatchErrorHandler(_ handler: @escaping @Sendable (any Error) -> Void) {
        state.withLock { $0.errorHandler = handler }
    }

    /// Lists and watches until the calling task is cancelled.
    public func run() async {
        var backoff = configuration.backoff
        while !Task.isCancelled {
            do {
                try await listAndWatch(backoff: &backoff)
            } catch {
                if Task.isCancelled || error is CancellationError { return }
                report(error)
            }
            let delay = backoff.nextDelay()
            do { try await Task.sleep(for: delay) } catch { return }
        }
    }

    // MARK: - List

    /// The resourceVersion to list at: "0" the first time, the last synced one later, "" when it
    /// is known to be unusable.
    private func relistResourceVersion() -> String {
        state.withLock { s in
            if s.lastSyncUnavailable { return "" }
            return s.lastSyncResourceVersion.isEmpty ? "0" : s.lastSyncResourceVersion
        }
    }

    private func listAndWatch(backoff: inout Backoff) async throws {
        let streaming = configuration.useStreamingList && !state.withLock { $0.streamingUnsupported }
        if streaming, let events = try await startStreamingList() {
            guard try await consume(events, initialList: []) else {
                // The stream ended before the initial-events-end bookmark: the store never got
                // the initial state, so watching on from here would leave it incomplete (and
                // never synced). Start over (after the usual backoff).
                logger.debug("streaming list ended before its initial events were complete")
                return
            }
            try await watchLoop(backoff: &backoff)
            return
        }
        try await list()
        try await watchLoop(backoff: &backoff)
    }

    private func list() async throws {
        let rv = relistResourceVersion()
        let result: ObjectList<Object>
        do {
            result = try await listPages(resourceVersion: rv)
        } catch let error as KubeAPIError where (error.isGone || error.isResourceVersionTooLarge) && rv != "" {
            logger.debug("list resourceVersion unavailable, listing at latest", metadata: ["rv": "\(rv)"])
            state.withLock {
                $0.lastSyncUnavailable = true
                $0.statistics.relistsAfterExpiry += 1
            }
            result = try await listPages(resourceVersion: "")
        }
        let listRV = result.metadata.resourceVersion ?? ""
        store.replace(result.items, resourceVersion: listRV)
        state.withLock {
            $0.lastSyncResourceVersion = listRV
            $0.lastSyncUnavailable = false
            $0.statistics.lists += 1
        }
        logger.debug("listed", metadata: ["items": "\(result.items.count)", "rv": "\(listRV)"])
    }

    /// A full list in pages. A continue token that expires mid-way restarts the list as a
    /// consistent read.
    private func listPages(resourceVersion: String) async throws -> ObjectList<Object> {
        var options = ListOptions(resourceVersion: resourceVersion, limit: configuration.pageSize)
        if resourceVersion != "" && resourceVersion != "0" { options.resourceVersionMatch = .notOlderThan }
        var items: [Object] = []
        var first: ObjectList<Object>?
        while true {
            try Task.checkCancellation()
            let page: ObjectList<Object>
            do {
                page = try await listerWatcher.list(options)
            } catch let error as KubeAPIError where error.isGone && options.continueToken != nil {
                logger.debug("continue token expired, restarting list")
                options = ListOptions(resourceVersion: "", limit: configuration.pageSize)
                items.removeAll()
                first = nil
                continue
            }
            if first == nil {
                first = page
                items = page.items
            } else {
                items.append(contentsOf: page.items)
            }
            guard let token = page.metadata.continue, !token.isEmpty else { break }
            options.continueToken = token
            options.resourceVersion = nil
            options.resourceVersionMatch = nil
        }
        var list = first ?? ObjectList(items: [])
        list.items = items
        list.metadata.continue = nil
        return list
    }

    // MARK: - Watch

    private func watchOptions() -> WatchOptions {
        let minimum = configuration.minWatchTimeout.components.seconds
        let timeout = Int(minimum) + Int.random(in: 0..<max(1, Int(minimum)))
        var options = WatchOptions()
        options.resourceVersion = lastSyncResourceVersion
        options.timeoutSeconds = timeout
        options.allowWatchBookmarks = true
        return options
    }

    private func watchLoop(backoff: inout Backoff) async throws {
        while !Task.isCancelled {
            let events: LW.Events
            do {
                events = try await listerWatcher.watch(watchOptions())
                state.withLock { $0.statistics.watches += 1 }
            } catch let error as KubeAPIError {
                if error.isGone || error.isResourceVersionTooLarge {
                    markExpired(error)
                    return
                }
                guard error.isTooManyRequests || error.code >= 500 else { throw error }
                report(error)
                try await Task.sleep(for: backoff.nextDelay())
                continue
            } catch {
                if Task.isCancelled || error is CancellationError { throw CancellationError() }
                // Transport failure (API server restarting): resume from the same RV, no relist.
                report(error)
                try await Task.sleep(for: backoff.nextDelay())
                continue
            }
            do {
                try await consume(events, initialList: nil)
                logger.debug("watch closed", metadata: ["rv": "\(lastSyncResourceVersion)"])
            } catch let error as KubeAPIError where error.isGone || error.isResourceVersionTooLarge {
                markExpired(error)
                return
            } catch let error as WatchDecodingError {
                // A broken event may hide a change: re-list so nothing is lost.
                throw error
            } catch {
                if Task.isCancelled || error is CancellationError { throw CancellationError() }
                // Connection dropped mid-stream: re-watch from the last RV.
                report(error)
            }
        }
    }

    /// The watch's resourceVersion is gone (410) or ahead of the server: relist next. The error
    /// handler is told, as client-go's is.
    private func markExpired(_ error: KubeAPIError) {
        logger.debug("watch resourceVersion expired, relisting", metadata: ["rv": "\(lastSyncResourceVersion)"])
        state.withLock {
            $0.lastSyncUnavailable = true
            $0.statistics.relistsAfterExpiry += 1
        }
        report(error)
    }

    /// Applies a watch's events to the store. With `initialList` non-nil, the stream is a
    /// streaming list: objects accumulate until the initial-events-end bookmark, then replace
    /// the store as one list.
    /// - Returns: false if the stream ended while the initial list was still incomplete.
    @discardableResult
    private func consume(_ events: LW.Events, initialList: [Object]?) async throws -> Bool {
        var initial = initialList
        for try await event in events {
            state.withLock { $0.statistics.events += 1 }
            switch event {
            case .added(let object):
                if initial != nil { initial!.append(object); continue }
                store.add(object)
            case .modified(let object):
                store.update(object)
            case .deleted(let object):
                store.delete(object)
            case .bookmark(let bookmark):
                if let objects = initial, bookmark.isInitialEventsEnd {
                    store.replace(objects, resourceVersion: bookmark.resourceVersion)
                    initial = nil
                    state.withLock {
                        $0.statistics.lists += 1
                        $0.lastSyncUnavailable = false
                    }
                }
            case .error(let error):
                throw error
            }
            if initial == nil, let rv = event.resourceVersion, !rv.isEmpty {
                state.withLock { $0.lastSyncResourceVersion = rv }
            }
        }
        return initial == nil
    }

    /// Starts a streaming list, or returns `nil` (and remembers it) if the server refuses one.
    private func startStreamingList() async throws -> LW.Events? {
        var options = watchOptions()
        options.sendInitialEvents = true
        options.resourceVersionMatch = .notOlderThan
        options.resourceVersion = state.withLock { $0.lastSyncUnavailable } ? "" : lastSyncResourceVersion
        do {
            let events = try await listerWatcher.watch(options)
            state.withLock {
                $0.statistics.watches += 1
                $0.statistics.streamingListSupported = true
            }
            return events
        } catch let error as KubeAPIError where error.code == 400 || error.code == 422 {
            logger.debug("server refused a streaming list, using list + watch", metadata: ["error": "\(error)"])
            state.withLock {
                $0.streamingUnsupported = true
                $0.statistics.streamingListSupported = false
            }
            return nil
        }
    }

    private func report(_ error: any Error) {
        let handler = state.withLock { s in
            s.statistics.errors += 1
            return s.errorHandler
        }
        logger.debug("list or watch failed", metadata: ["error": "\(error)"])
        handler?(error)
    }
}
