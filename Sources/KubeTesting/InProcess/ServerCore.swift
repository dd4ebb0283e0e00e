import Foundation
import KubeModel
import KubeSupport

/// The in-process server's state machine behind one lock: the object store and the open
/// watches, so that every commit and its fan-out to watches happen atomically, in order.
final class ServerCore: Sendable {
    struct State {
        var store: ObjectStore
        var hub = WatchHub()
    }

    /// One page of a list.
    struct ListPage: Sendable {
        var items: [JSONValue]
        var resourceVersion: Int64
        var continueToken: String?
        var remainingItemCount: Int?
    }

    /// Where a new watch starts.
    enum WatchStart: Sendable {
        /// Events after this resourceVersion (410 if they are no longer kept).
        case resourceVersion(Int64)
        /// Synthetic ADDED events for the current state, optionally followed by the
        /// `k8s.io/initial-events-end` bookmark.
        case initialState(endBookmark: Bool)
    }

    private let state: Locked<State>
    private let watchBufferLimit: Int

    init(historyLimit: Int, watchBufferLimit: Int, initialResourceVersion: Int64) {
        state = Locked(State(store: ObjectStore(historyLimit: historyLimit, initialResourceVersion: initialResourceVersion)))
        self.watchBufferLimit = watchBufferLimit
    }

    // MARK: Resources

    func register(_ r: RegisteredResource) { state.withLock { $0.store.register(r) } }

    var resources: [RegisteredResource] {
        state.withLock { Array($0.store.resources.values) }.sorted { $0.id < $1.id }
    }

    func resource(group: String, version: String, plural: String) -> RegisteredResource? {
        state.withLock { $0.store.resources[RegisteredResource.id(group: group, version: version, plural: plural)] }
    }

    var resourceVersion: Int64 { state.withLock { $0.store.resourceVersion } }

    var openWatchCount: Int { state.withLock { $0.hub.subscribers.count } }

    // MARK: Reads

    func get(_ r: RegisteredResource, namespace: String?, name: String) throws(ServerError) -> JSONValue {
        try state.withLock { (s) throws(ServerError) -> JSONValue in try s.store.get(r, namespace: namespace, name: name) }
    }

    /// A list page: the whole (filtered) state, or `limit` items from a snapshot with a continue token.
    func list(_ r: RegisteredResource, filter: WatchFilter, limit: Int?, continueToken: String?) throws(ServerError) -> ListPage {
        try state.withLock { (s) throws(ServerError) -> ListPage in
            var items: [JSONValue]
            var rv: Int64
            var start = 0
            var snapshotID: Int?
            if let continueToken, !continueToken.isEmpty {
                guard let token = ContinueToken(encoded: continueToken) else {
                    throw .badRequest("continue key is not valid: \(continueToken)")
                }
                guard let snap = s.store.snapshot(token.snapshot, resourceVersion: token.resourceVersion) else {
                    throw .expired(
                        "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.")
                }
                items = snap.items
                rv = snap.resourceVersion
                start = min(token.offset, items.count)
                snapshotID = token.snapshot
            } else {
                items = s.store.list(r, where: filter.matches)
                rv = s.store.resourceVersion
            }
            guard let limit, limit > 0, start + limit < items.count else {
                return ListPage(items: Array(items[start...]), resourceVersion: rv)
            }
            let id = snapshotID ?? s.store.saveSnapshot(.init(resourceVersion: rv, items: items))
            let end = start + limit
            return ListPage(
                items: Array(items[start..<end]), resourceVersion: rv,
                continueToken: ContinueToken(resourceVersion: rv, snapshot: id, offset: end).encoded,
                remainingItemCount: items.count - end)
        }
    }

    // MARK: Writes

    func create(_ r: RegisteredResource, namespace: String?, body: JSONValue) throws(ServerError) -> JSONValue {
        try mutate { (s) throws(ServerError) in
            let e = try s.store.create(r, namespace: namespace, body: body)
            return (e.object, [e])
        }
    }

    func update(
        _ r: RegisteredResource, namespace: String?, name: String, body: JSONValue, statusOnly: Bool
    ) throws(ServerError) -> JSONValue {
        try mutate { (s) throws(ServerError) in
            let (o, e) = try s.store.update(r, namespace: namespace, name: name, body: body, statusOnly: statusOnly)
            return (o, e.map { [$0] } ?? [])
        }
    }

    /// Applies a patch to the current object, then stores it like an update (a
    /// `metadata.resourceVersion` in the patch acts as a precondition).
    func patch(
        _ r: RegisteredResource, namespace: String?, name: String, statusOnly: Bool,
        apply: (JSONValue) throws(ServerError) -> JSONValue
    ) throws(ServerError) -> JSONValue {
        try mutate { (s) throws(ServerError) in
            let current = try s.store.get(r, namespace: namespace, name: name)
            let patched = try apply(current)
            let (o, e) = try s.store.update(r, namespace: namespace, name: name, body: patched, statusOnly: statusOnly)
            return (o, e.map { [$0] } ?? [])
        }
    }

    func delete(
        _ r: RegisteredResource, namespace: String?, name: String, uid: String?, resourceVersion: String?
    ) throws(ServerError) -> JSONValue {
        try mutate { (s) throws(ServerError) in
            let (o, e) = try s.store.delete(r, namespace: namespace, name: name, uid: uid, resourceVersion: resourceVersion)
            return (o, e.map { [$0] } ?? [])
        }
    }

    /// Deletes every matching object; returns what was deleted and the resulting resourceVersion.
    func deleteCollection(_ r: RegisteredResource, filter: WatchFilter) throws(ServerError) -> ListPage {
        var rv: Int64 = 0
        let items = try mutate { (s) throws(ServerError) -> ([JSONValue], [StoredEvent]) in
            var deleted: [JSONValue] = []
            var events: [StoredEvent] = []
            for o in s.store.list(r, where: filter.matches) {
                let (gone, e) = try s.store.delete(
                    r, namespace: o.meta("namespace"), name: o.meta("name") ?? "", uid: nil, resourceVersion: nil)
                deleted.append(gone)
                if let e { events.append(e) }
            }
            rv = s.store.resourceVersion
            return (deleted, events)
        }
        return ListPage(items: items, resourceVersion: rv)
    }

    /// Forgets the event history now (older watches and continue tokens get 410).
    func compact() { state.withLock { $0.store.compact() } }

    private func mutate<T: Sendable>(
        _ body: (inout State) throws(ServerError) -> (T, [StoredEvent])
    ) throws(ServerError) -> T {
        let (result, overflowed) = try state.withLock { (s) throws(ServerError) -> (T, [AsyncStream<WatchSignal>.Continuation]) in
            let (result, events) = try body(&s)
            var overflowed: [AsyncStream<WatchSignal>.Continuation] = []
            for e in events { overflowed += s.hub.publish(e) }
            return (result, overflowed)
        }
        for c in overflowed { c.finish() }
        return result
    }

    // MARK: Watches

    /// Opens a watch: its id (for signals and `unsubscribe`) and the stream its writer drains.
    func watch(_ filter: WatchFilter, resource r: RegisteredResource, start: WatchStart) -> (id: Int, stream: AsyncStream<WatchSignal>) {
        let (id, stream, finish) = state.withLock { s -> (Int, AsyncStream<WatchSignal>, AsyncStream<WatchSignal>.Continuation?) in
            var initial: [WatchSignal] = []
            var expired = false
            switch start {
            case .resourceVersion(let rv):
                if let events = s.store.events(after: rv) {
                    initial = events.compactMap(filter.translate)
                } else {
                    expired = true
                    let oldest = s.store.oldestWatchableResourceVersion
                    initial = [.error(ServerError.expired("too old resource version: \(rv) (\(oldest))").status)]
                }
            case .initialState(let endBookmark):
                initial = s.store.list(r, where: filter.matches).map { .event(type: "ADDED", object: $0) }
                if endBookmark { initial.append(.bookmark(resourceVersion: s.store.resourceVersion, initialEventsEnd: true)) }
            }
            let (stream, continuation) = AsyncStream.makeStream(
                of: WatchSignal.self, bufferingPolicy: .bufferingOldest(watchBufferLimit + initial.count))
            for signal in initial { continuation.yield(signal) }
            if expired { return (0, stream, continuation) }
            return (s.hub.add(filter, continuation), stream, nil)
        }
        finish?.finish()
        return (id, stream)
    }

    /// Sends a BOOKMARK with the current resourceVersion to one watch (in order with its events).
    @discardableResult
    func bookmark(_ id: Int) -> Bool {
        state.withLock { s in s.hub.send(.bookmark(resourceVersion: s.store.resourceVersion, initialEventsEnd: false), to: id) }
    }

    @discardableResult
    func signal(_ id: Int, _ signal: WatchSignal) -> Bool {
        state.withLock { $0.hub.send(signal, to: id) }
    }

    /// Sends a signal to every open watch; returns how many received it.
    func broadcast(_ signal: WatchSignal) -> Int {
        state.withLock { $0.hub.broadcast(signal) }
    }

    func unsubscribe(_ id: Int) {
        let c = state.withLock { $0.hub.remove(id) }
        c?.finish()
    }
}

/// The opaque `continue` token: base64url JSON naming the snapshot and the next offset.
struct ContinueToken: Codable, Sendable {
    var resourceVersion: Int64
    var snapshot: Int
    var offset: Int

    enum CodingKeys: String, CodingKey {
        case resourceVersion = "rv"
        case snapshot = "snap"
        case offset = "start"
    }

    init(resourceVersion: Int64, snapshot: Int, offset: Int) {
        self.resourceVersion = resourceVersion
        self.snapshot = snapshot
        self.offset = offset
    }

    init?(encoded: String) {
        var b64 = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        guard let data = Data(base64Encoded: b64), let t = try? JSONDecoder().decode(ContinueToken.self, from: data) else {
            return nil
        }
        self = t
    }

    var encoded: String {
        JSONCoding.encode(self).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
