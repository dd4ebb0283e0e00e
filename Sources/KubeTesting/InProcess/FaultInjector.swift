import KubeModel
import KubeSupport

/// Faults a test can inject into an ``InProcessAPIServer``: dropped, truncated, malformed or
/// stalled watches, error responses, latency and history compaction. Every fault counts how
/// many times it fired (see ``count(_:)``).
public final class FaultInjector: Sendable {
    /// The kinds of fault, for ``count(_:)``.
    public enum Fault: String, Sendable, CaseIterable {
        /// A watch was closed by ``dropWatches()`` (counted per watch).
        case dropWatch
        /// A watch was cut in the middle of an event line (counted per watch).
        case truncateWatch
        /// A request was answered with an injected error status.
        case errorResponse
        /// A request was delayed by injected latency.
        case latency
        /// The history was compacted by ``compactHistory()``.
        case compaction
        /// A malformed line was sent on a watch (counted per watch).
        case malformedEvent
        /// ``stallWatches()`` took effect.
        case stall
    }

    /// Which requests a fault applies to: all, or those with this verb and/or path part.
    public struct RequestMatcher: Sendable {
        /// e.g. `list`, `watch`, `get`, `create`, `update`, `patch`, `delete`, `deletecollection`.
        public var verb: String?
        /// A substring of the request path, e.g. `/pods`.
        public var pathContains: String?

        public init(verb: String? = nil, pathContains: String? = nil) {
            self.verb = verb
            self.pathContains = pathContains
        }

        /// Every request.
        public static let any = RequestMatcher()

        func matches(verb: String, path: String) -> Bool {
            (self.verb == nil || self.verb == verb) && (pathContains.map { path.contains($0) } ?? true)
        }
    }

    /// An error answer the server can be told to give.
    public enum ErrorResponse: Sendable {
        /// 429 TooManyRequests with a `Retry-After` header.
        case tooManyRequests(retryAfterSeconds: Int)
        /// 500 InternalError.
        case internalError
        /// 503 ServiceUnavailable.
        case serviceUnavailable

        var error: ServerError {
            switch self {
            case .tooManyRequests(let s):
                return ServerError(
                    code: 429, reason: "TooManyRequests", message: "Too many requests, please try again later.",
                    details: StatusDetails(retryAfterSeconds: Int32(s)), headers: [("Retry-After", String(s))])
            case .internalError:
                return ServerError(code: 500, reason: "InternalError", message: "Internal error occurred: injected fault")
            case .serviceUnavailable:
                return ServerError(code: 503, reason: "ServiceUnavailable", message: "the server is currently unable to handle the request")
            }
        }
    }

    private struct ScriptedFailure {
        var remaining: Int
        var response: ErrorResponse
        var matcher: RequestMatcher
    }

    private struct State {
        var failures: [ScriptedFailure] = []
        var latency: (Duration, RequestMatcher)?
        var counts: [Fault: Int] = [:]
        var stalled = false
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }

    private let state = Locked(State())
    private let core: ServerCore

    init(core: ServerCore) { self.core = core }

    /// How many times a fault has fired.
    public func count(_ fault: Fault) -> Int { state.withLock { $0.counts[fault, default: 0] } }

    /// Closes every open watch now, cleanly (as an apiserver restart or timeout would).
    /// - Returns: how many watches were closed.
    @discardableResult
    public func dropWatches() -> Int { fire(.dropWatch, core.broadcast(.close)) }

    /// Cuts every open watch in the middle of an event line and drops its connection.
    /// - Parameter atNextEvent: `false` cuts now, in a synthetic line; `true` cuts each watch's
    ///   next real event halfway (the client never sees that event and must resume from its
    ///   last resourceVersion to get it).
    /// - Returns: how many watches were (or will be) cut.
    @discardableResult
    public func closeWatchesMidLine(atNextEvent: Bool = false) -> Int {
        fire(.truncateWatch, core.broadcast(atNextEvent ? .truncateNextEvent : .truncate))
    }

    /// Sends one line that is not valid JSON on every open watch.
    /// - Returns: how many watches received it.
    @discardableResult
    public func sendMalformedEvent() -> Int { fire(.malformedEvent, core.broadcast(.malformed)) }

    /// Forgets the event history now: watches and continue tokens from older resourceVersions get 410 Expired.
    public func compactHistory() {
        core.compact()
        _ = fire(.compaction, 1)
    }

    /// Holds back everything on open watches (events, bookmarks, closes) until ``resumeWatches()``.
    public func stallWatches() {
        state.withLock {
            if !$0.stalled { $0.counts[.stall, default: 0] += 1 }
            $0.stalled = true
        }
    }

    /// Releases stalled watches; everything held back is sent in order.
    public func resumeWatches() {
        let waiters = state.withLock { s in
            s.stalled = false
            defer { s.waiters.removeAll() }
            return Array(s.waiters.values)
        }
        for w in waiters { w.resume() }
    }

    /// Answers the next `count` matching requests with an error instead of serving them.
    public func failNextRequests(_ count: Int, with response: ErrorResponse, matching matcher: RequestMatcher = .any) {
        state.withLock { $0.failures.append(ScriptedFailure(remaining: count, response: response, matcher: matcher)) }
    }

    /// Delays every matching request by `latency` before serving it; `nil` turns latency off.
    public func setLatency(_ latency: Duration?, matching matcher: RequestMatcher = .any) {
        state.withLock { $0.latency = latency.map { ($0, matcher) } }
    }

    /// Clears scripted failures and latency and resumes stalled watches (counts are kept).
    public func reset() {
        state.withLock {
            $0.failures.removeAll()
            $0.latency = nil
        }
        resumeWatches()
    }

    // MARK: Used by the server

    func injectedError(verb: String, path: String) -> ServerError? {
        state.withLock { s in
            guard let i = s.failures.firstIndex(where: { $0.remaining > 0 && $0.matcher.matches(verb: verb, path: path) })
            else { return nil }
            s.failures[i].remaining -= 1
            let response = s.failures[i].response
            if s.failures[i].remaining == 0 { s.failures.remove(at: i) }
            s.counts[.errorResponse, default: 0] += 1
            return response.error
        }
    }

    func injectedLatency(verb: String, path: String) -> Duration? {
        state.withLock { s in
            guard let (d, m) = s.latency, m.matches(verb: verb, path: path) else { return nil }
            s.counts[.latency, default: 0] += 1
            return d
        }
    }

    /// Returns at once unless watches are stalled; then waits for ``resumeWatches()`` or cancellation.
    func waitWhileStalled() async {
        let id = state.withLock { s in
            s.nextWaiter += 1
            return s.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { s in
                    if !s.stalled || Task.isCancelled { return true }
                    s.waiters[id] = c
                    return false
                }
                if resumeNow { c.resume() }
            }
        } onCancel: {
            let c = state.withLock { $0.waiters.removeValue(forKey: id) }
            c?.resume()
        }
    }

    private func fire(_ fault: Fault, _ n: Int) -> Int {
        state.withLock { $0.counts[fault, default: 0] += n }
        return n
    }
}
