import KubeModel

/// What a watch's writer receives: events to send, or an instruction.
enum WatchSignal: Sendable {
    /// A watch event (`ADDED`, `MODIFIED`, `DELETED`).
    case event(type: String, object: JSONValue)
    /// A BOOKMARK at this resourceVersion; `initialEventsEnd` adds the `k8s.io/initial-events-end` annotation.
    case bookmark(resourceVersion: Int64, initialEventsEnd: Bool)
    /// An ERROR event carrying this Status; the watch ends after it.
    case error(Status)
    /// End the watch cleanly (as on `timeoutSeconds` or an apiserver-side close).
    case close
    /// Fault: write half of an event line, then drop the connection.
    case truncate
    /// Fault: write only half of the next real event's line, then drop the connection.
    case truncateNextEvent
    /// Fault: write a line that is not JSON, then carry on.
    case malformed
}

/// Which objects a watch sees: one resource, optionally one namespace and selectors.
struct WatchFilter: Sendable {
    var resource: String
    var namespace: String?
    var labels: LabelSelectorMatcher?
    var fields: FieldSelectorMatcher?

    func matches(_ object: JSONValue) -> Bool {
        if let namespace, !namespace.isEmpty, object.meta("namespace") != namespace { return false }
        if let labels, !labels.matches(object.labels) { return false }
        if let fields, !fields.matches(object) { return false }
        return true
    }

    /// What this watch sees of a stored event. An object that starts matching a selector is
    /// ADDED; one that stops matching is DELETED (as the real server's watch cache does).
    func translate(_ e: StoredEvent) -> WatchSignal? {
        guard e.resource == resource else { return nil }
        let now = matches(e.object)
        let before = e.previous.map(matches) ?? false
        switch e.kind {
        case .added:
            return now ? .event(type: "ADDED", object: e.object) : nil
        case .deleted:
            return now || before ? .event(type: "DELETED", object: e.object) : nil
        case .modified:
            switch (before, now) {
            case (true, true): return .event(type: "MODIFIED", object: e.object)
            case (false, true): return .event(type: "ADDED", object: e.object)
            case (true, false): return .event(type: "DELETED", object: e.object)
            case (false, false): return nil
            }
        }
    }
}

/// The open watches and how to reach them. Pure bookkeeping, guarded by `ServerCore`'s lock.
struct WatchHub {
    struct Subscriber {
        var filter: WatchFilter
        var continuation: AsyncStream<WatchSignal>.Continuation
    }

    private(set) var subscribers: [Int: Subscriber] = [:]
    private var nextID = 1

    mutating func add(_ filter: WatchFilter, _ continuation: AsyncStream<WatchSignal>.Continuation) -> Int {
        let id = nextID
        nextID += 1
        subscribers[id] = Subscriber(filter: filter, continuation: continuation)
        return id
    }

    mutating func remove(_ id: Int) -> AsyncStream<WatchSignal>.Continuation? {
        subscribers.removeValue(forKey: id)?.continuation
    }

    /// Hands an event to every interested watch. A watch whose buffer is full is removed and
    /// returned, so the caller can finish its stream outside the lock (the real server also
    /// closes watchers that cannot keep up; they resume from their last resourceVersion).
    mutating func publish(_ event: StoredEvent) -> [AsyncStream<WatchSignal>.Continuation] {
        var overflowed: [AsyncStream<WatchSignal>.Continuation] = []
        for (id, s) in subscribers {
            guard let signal = s.filter.translate(event) else { continue }
            // Yielding only enqueues (no consumer code runs here), and doing it under the lock
            // keeps every watch's events in resourceVersion order.
            if case .dropped = s.continuation.yield(signal) {
                subscribers.removeValue(forKey: id)
                overflowed.append(s.continuation)
            }
        }
        return overflowed
    }

    /// Sends a signal to one watch; `false` if it is no longer open.
    func send(_ signal: WatchSignal, to id: Int) -> Bool {
        guard let s = subscribers[id] else { return false }
        s.continuation.yield(signal)
        return true
    }

    /// Sends a signal to every open watch; returns how many there were.
    func broadcast(_ signal: WatchSignal) -> Int {
        for s in subscribers.values { s.continuation.yield(signal) }
        return subscribers.count
    }
}
