import KubeClient
import KubeModel

/// The decisions of a ``Reflector``, with no I/O and no clock: the shell tells it what happened
/// (a list page arrived, a watch failed, a backoff elapsed, …) and performs the ``Step`` or
/// ``EventAction`` it answers. Time is passed in; randomness (watch timeouts, jitter) comes from
/// an injected generator.
///
/// The rules (client-go's):
/// - A cycle starts with a list in pages — `resourceVersion=0` the first time, "not older than"
///   the last synced RV later, `""` (a consistent read) once the RV is known to be unusable — or,
///   with ``ReflectorConfiguration/useStreamingList``, with a streaming watch
///   (`sendInitialEvents=true`) that ends its initial state with the `k8s.io/initial-events-end`
///   bookmark. A server refusing that (400/422) gets list + watch for the life of the reflector.
/// - A complete list replaces the store; then a watch starts from its RV, always with bookmarks
///   and a random timeout in [minWatchTimeout, 2 × minWatchTimeout).
/// - Events and bookmarks move the RV. A watch that ends normally is resumed from the RV at once.
/// - 410 Gone / "too large resource version": a list relists at `""` at once (not reported); a
///   watch marks the RV unusable, is reported, and a new cycle starts after the backoff.
/// - A continue token that expires mid-list restarts the list at `""`.
/// - A watch that cannot start for transport reasons, 429 or 5xx is reported and retried from the
///   same RV after the backoff, without a list. A stream that drops mid-way is reported and
///   resumed from the RV at once. A malformed line (``WatchDecodingError``) may hide a change:
///   reported, then a new cycle (a relist) after the backoff.
/// - Any other failure is reported and starts a new cycle after the backoff, as does a streaming
///   list that ends (or fails) before its initial-events-end bookmark.
/// - After the initial-events-end bookmark a streaming list's stream is an ordinary watch: its
///   failures and its end are handled as a watch's (as client-go does).
/// - Backoff: ``Backoff`` (800 ms → 30 s, factor 2, jitter, reset after 2 min without failures).
struct ReflectorStateMachine<Object: KubernetesObject> {
    enum State: Equatable {
        /// Nothing asked yet.
        case idle
        /// A list is in progress; `fallbackAllowed`: a 410 / too-large RV may still relist at `""`.
        case listing(ListOptions, fallbackAllowed: Bool)
        /// A streaming list was asked for.
        case startingStream
        /// A streaming list is delivering its initial state.
        case streaming
        /// A watch was asked for.
        case startingWatch
        /// A watch is delivering events.
        case watching
        /// Waiting for the backoff to elapse; then `then`.
        case backingOff(then: Resume)
    }

    /// What follows a backoff.
    enum Resume: Equatable {
        /// A new cycle: (streaming) list, then watch.
        case relist
        /// A watch from the last synced RV.
        case rewatch
    }

    /// The next I/O the shell performs.
    enum Action: Equatable {
        /// Ask for one page of the list; answer with ``listPageReceived(_:)`` or ``listFailed(_:now:)``.
        case list(ListOptions)
        /// Start a watch; answer with ``watchStarted()`` or ``watchStartFailed(_:now:)``, then
        /// feed its events.
        case watch(WatchOptions)
        /// Sleep; answer with ``backoffElapsed()``.
        case sleep(Duration)
    }

    /// What the shell does after an input, in this order: replace the store, report the error
    /// (log it and tell the error handler), log the note, perform the action.
    struct Step {
        var replace: (objects: [Object], resourceVersion: String)?
        var report: (any Error)?
        var note: Note?
        var action: Action
    }

    /// What the shell does with one watch event. Not generic and without payload, so the
    /// per-event path moves no object through the machine.
    enum EventAction: Equatable {
        /// Nothing (a bookmark, or an object gathered into a streaming list's initial state).
        case skip
        /// Apply the event to the store: added → add, modified → update, deleted → delete.
        case apply
        /// The initial state of a streaming list is complete: replace the store with
        /// ``takeInitialState()``.
        case replace
        /// The server sent an error event: stop reading and answer ``watchFailed(_:now:)``.
        case fail
    }

    /// Debug-log material.
    enum Note: Equatable {
        case listed(items: Int, resourceVersion: String)
        case listResourceVersionUnavailable(String)
        case continueTokenExpired
        case streamingRefused
        case streamingIncomplete
        case watchClosed(resourceVersion: String)
        case watchExpired(resourceVersion: String)
    }

    let configuration: ReflectorConfiguration
    private(set) var state = State.idle
    /// The RV of the last list, event or bookmark applied.
    private(set) var lastSyncResourceVersion = ""
    /// The last synced RV cannot be used (410 / too large): the next list is a consistent read.
    private(set) var lastSyncUnavailable = false
    /// The server refused a streaming list; list + watch from now on.
    private(set) var streamingUnsupported = false
    private(set) var statistics = ReflectorStatistics()
    private var backoff: Backoff
    private var random: any RandomNumberGenerator
    /// Pages of a list, or the initial events of a streaming list, so far.
    private var accumulated: [Object] = []
    /// The first page's RV.
    private var listResourceVersion: String?

    init(configuration: ReflectorConfiguration, random: any RandomNumberGenerator = SystemRandomNumberGenerator()) {
        self.configuration = configuration
        self.backoff = configuration.backoff
        self.random = random
    }

    // MARK: - Inputs

    /// The first action.
    mutating func start() -> Step {
        precondition(state == .idle, "ReflectorStateMachine.start() called twice")
        return beginCycle()
    }

    /// A page of the list arrived.
    mutating func listPageReceived(_ page: ObjectList<Object>) -> Step {
        guard case .listing(var options, let fallbackAllowed) = state else { unexpected("a list page") }
        if listResourceVersion == nil {
            listResourceVersion = page.metadata.resourceVersion ?? ""
            accumulated = page.items
        } else {
            accumulated.append(contentsOf: page.items)
        }
        if let token = page.metadata.continue, !token.isEmpty {
            options.continueToken = token
            options.resourceVersion = nil
            options.resourceVersionMatch = nil
            state = .listing(options, fallbackAllowed: fallbackAllowed)
            return Step(action: .list(options))
        }
        let objects = accumulated
        let rv = listResourceVersion ?? ""
        accumulated = []
        listResourceVersion = nil
        lastSyncResourceVersion = rv
        lastSyncUnavailable = false
        statistics.lists += 1
        var step = startWatch()
        step.replace = (objects, rv)
        step.note = .listed(items: objects.count, resourceVersion: rv)
        return step
    }

    /// A list request failed (not by cancellation).
    mutating func listFailed(_ error: any Error, now: ContinuousClock.Instant) -> Step {
        guard case .listing(let options, let fallbackAllowed) = state else { unexpected("a list failure") }
        let apiError = error as? KubeAPIError
        if let apiError, apiError.isGone, options.continueToken != nil {
            var step = beginList(at: "", fallbackAllowed: fallbackAllowed)
            step.note = .continueTokenExpired
            return step
        }
        if let apiError, apiError.isGone || apiError.isResourceVersionTooLarge, fallbackAllowed {
            let asked = options.resourceVersion ?? ""
            lastSyncUnavailable = true
            statistics.relistsAfterExpiry += 1
            var step = beginList(at: "", fallbackAllowed: false)
            step.note = .listResourceVersionUnavailable(asked)
            return step
        }
        return failCycle(error, now: now)
    }

    /// The watch asked for by the last action started.
    mutating func watchStarted() {
        switch state {
        case .startingStream:
            statistics.streamingListSupported = true
            accumulated = []
            state = .streaming
        case .startingWatch:
            state = .watching
        default:
            unexpected("a watch start")
        }
        statistics.watches += 1
    }

    /// The watch asked for by the last action could not start (not by cancellation).
    mutating func watchStartFailed(_ error: any Error, now: ContinuousClock.Instant) -> Step {
        switch state {
        case .startingStream:
            if let apiError = error as? KubeAPIError, apiError.code == 400 || apiError.code == 422 {
                streamingUnsupported = true
                statistics.streamingListSupported = false
                var step = beginList()
                step.note = .streamingRefused
                return step
            }
            return failCycle(error, now: now)
        case .startingWatch:
            if let apiError = error as? KubeAPIError {
                if apiError.isGone || apiError.isResourceVersionTooLarge { return expire(apiError, now: now) }
                guard apiError.isTooManyRequests || apiError.code >= 500 else { return failCycle(error, now: now) }
            }
            // 429, 5xx or a transport failure (API server restarting): the RV is still good.
            return backOff(then: .rewatch, reporting: error, now: now)
        default:
            unexpected("a watch start failure")
        }
    }

    /// One event of the running watch.
    mutating func watchEvent(_ event: WatchEvent<Object>) -> EventAction {
        statistics.events += 1
        switch state {
        case .streaming:
            switch event {
            case .added(let object):
                accumulated.append(object)
                return .skip
            case .modified, .deleted:
                return .apply
            case .bookmark(let bookmark):
                guard bookmark.isInitialEventsEnd else { return .skip }
                statistics.lists += 1
                lastSyncUnavailable = false
                state = .watching
                if !bookmark.resourceVersion.isEmpty { lastSyncResourceVersion = bookmark.resourceVersion }
                return .replace
            case .error:
                return .fail
            }
        case .watching:
            switch event {
            case .added(let object), .modified(let object), .deleted(let object):
                if let rv = object.metadata.resourceVersion, !rv.isEmpty { lastSyncResourceVersion = rv }
                return .apply
            case .bookmark(let bookmark):
                if !bookmark.resourceVersion.isEmpty { lastSyncResourceVersion = bookmark.resourceVersion }
                return .skip
            case .error:
                return .fail
            }
        default:
            unexpected("a watch event")
        }
    }

    /// After ``EventAction/replace``: the initial state of the streaming list and its RV.
    mutating func takeInitialState() -> (objects: [Object], resourceVersion: String) {
        defer { accumulated = [] }
        return (accumulated, lastSyncResourceVersion)
    }

    /// The running watch ended without an error (the server's timeout, or a clean close).
    mutating func watchEnded(now: ContinuousClock.Instant) -> Step {
        switch state {
        case .streaming:
            // The store never got the initial state: watching on would leave it incomplete (and
            // never synced). Start over after the usual backoff.
            accumulated = []
            var step = backOff(then: .relist, reporting: nil, now: now)
            step.note = .streamingIncomplete
            return step
        case .watching:
            var step = startWatch()
            step.note = .watchClosed(resourceVersion: lastSyncResourceVersion)
            return step
        default:
            unexpected("a watch end")
        }
    }

    /// The running watch failed: the stream threw, or an error event arrived (not by cancellation).
    mutating func watchFailed(_ error: any Error, now: ContinuousClock.Instant) -> Step {
        switch state {
        case .streaming:
            accumulated = []
            return failCycle(error, now: now)
        case .watching:
            if let apiError = error as? KubeAPIError, apiError.isGone || apiError.isResourceVersionTooLarge {
                return expire(apiError, now: now)
            }
            // A broken event may hide a change: relist so nothing is lost.
            if error is WatchDecodingError { return failCycle(error, now: now) }
            // The connection dropped mid-stream: resume from the last RV at once.
            var step = startWatch()
            step.report = error
            statistics.errors += 1
            return step
        default:
            unexpected("a watch failure")
        }
    }

    /// The backoff of the last ``Action/sleep(_:)`` elapsed.
    mutating func backoffElapsed() -> Step {
        guard case .backingOff(let resume) = state else { unexpected("a backoff end") }
        switch resume {
        case .relist: return beginCycle()
        case .rewatch: return startWatch()
        }
    }

    // MARK: - Transitions

    private mutating func beginCycle() -> Step {
        guard configuration.useStreamingList && !streamingUnsupported else { return beginList() }
        var options = watchOptions()
        options.sendInitialEvents = true
        options.resourceVersionMatch = .notOlderThan
        options.resourceVersion = lastSyncUnavailable ? "" : lastSyncResourceVersion
        state = .startingStream
        return Step(action: .watch(options))
    }

    /// A list at "0" the first time, the last synced RV later, "" when that is unusable.
    private mutating func beginList() -> Step {
        let rv = lastSyncUnavailable ? "" : (lastSyncResourceVersion.isEmpty ? "0" : lastSyncResourceVersion)
        return beginList(at: rv, fallbackAllowed: rv != "")
    }

    private mutating func beginList(at rv: String, fallbackAllowed: Bool) -> Step {
        var options = ListOptions(resourceVersion: rv, limit: configuration.pageSize)
        if rv != "" && rv != "0" { options.resourceVersionMatch = .notOlderThan }
        accumulated = []
        listResourceVersion = nil
        state = .listing(options, fallbackAllowed: fallbackAllowed)
        return Step(action: .list(options))
    }

    private mutating func startWatch() -> Step {
        state = .startingWatch
        return Step(action: .watch(watchOptions()))
    }

    private mutating func watchOptions() -> WatchOptions {
        let minimum = Int(configuration.minWatchTimeout.components.seconds)
        var options = WatchOptions()
        options.resourceVersion = lastSyncResourceVersion
        options.timeoutSeconds = minimum + Int.random(in: 0..<max(1, minimum), using: &random)
        options.allowWatchBookmarks = true
        return options
    }

    /// The RV is gone (410) or ahead of the server: reported, and a relist at "" after the backoff.
    private mutating func expire(_ error: KubeAPIError, now: ContinuousClock.Instant) -> Step {
        lastSyncUnavailable = true
        statistics.relistsAfterExpiry += 1
        var step = backOff(then: .relist, reporting: error, now: now)
        step.note = .watchExpired(resourceVersion: lastSyncResourceVersion)
        return step
    }

    /// The cycle failed: reported, and a new one after the backoff.
    private mutating func failCycle(_ error: any Error, now: ContinuousClock.Instant) -> Step {
        backOff(then: .relist, reporting: error, now: now)
    }

    private mutating func backOff(then resume: Resume, reporting error: (any Error)?, now: ContinuousClock.Instant) -> Step {
        if error != nil { statistics.errors += 1 }
        state = .backingOff(then: resume)
        let delay = backoff.nextDelay(now: now, random: Double.random(in: 0..<1, using: &random))
        return Step(report: error, action: .sleep(delay))
    }

    private func unexpected(_ input: String) -> Never {
        preconditionFailure("ReflectorStateMachine: \(input) in state \(state)")
    }
}
