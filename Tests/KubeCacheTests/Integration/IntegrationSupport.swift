import Foundation
import KubeClient
import KubeModel
import Logging
import Synchronization
import Testing

@testable import KubeCache

/// A failure bound, not a synchronisation delay: conditions are polled until they hold, and a
/// test fails with this when one never does.
struct DeadlineExceeded: Error, CustomStringConvertible {
    var what: String
    var seconds: Int
    var last: String
    var description: String { "waited \(seconds) s for \(what) and it never happened; last seen: \(last)" }
}

/// The informers' logger: silent, or debug to stderr when `KINFORMER_TEST_DEBUG=1`.
func integrationLogger(_ label: String) -> Logger {
    guard ProcessInfo.processInfo.environment["KINFORMER_TEST_DEBUG"] == "1" else {
        return Logger(label: label, factory: { _ in SwiftLogNoOpLogHandler() })
    }
    var logger = Logger(label: label, factory: { StreamLogHandler.standardError(label: $0) })
    logger.logLevel = .debug
    return logger
}

/// How long a condition may take before the test fails (generous: the machine is loaded).
let integrationDeadline: Duration = .seconds(60)

/// Polls `condition` until it returns true; throws ``DeadlineExceeded`` after `deadline`.
/// Errors thrown by `condition` count as "not yet" (the last one is reported on failure).
func eventually(
    _ what: String, deadline: Duration = integrationDeadline, _ condition: () async throws -> Bool
) async throws {
    let clock = ContinuousClock()
    let end = clock.now.advanced(by: deadline)
    var last = "condition false"
    while true {
        do {
            if try await condition() { return }
        } catch {
            last = "\(error)"
        }
        guard clock.now < end else {
            throw DeadlineExceeded(what: what, seconds: Int(deadline.components.seconds), last: last)
        }
        try await Task.sleep(for: .milliseconds(50))
    }
}

/// Records every event a handler receives, and the last one per key.
final class EventLog<Object: KubernetesObject>: Sendable {
    /// One received event, reduced to what tests compare.
    struct Entry: Sendable, Hashable, CustomStringConvertible {
        enum Kind: String, Sendable { case add, update, delete }
        var kind: Kind
        var key: String
        var resourceVersion: String
        var isInInitialList = false
        var isTombstone = false
        var description: String {
            "\(kind) \(key)@\(resourceVersion)\(isInInitialList ? " initial" : "")\(isTombstone ? " tombstone" : "")"
        }
    }

    private let state = Mutex<[Entry]>([])

    /// All events so far, in order.
    var entries: [Entry] { state.withLock { $0 } }

    /// The last event of each key.
    var lastByKey: [String: Entry] {
        state.withLock { entries in entries.reduce(into: [:]) { $0[$1.key] = $1 } }
    }

    func record(_ event: InformerEvent<Object>) {
        let entry: Entry
        switch event {
        case .added(let o, let initial):
            entry = Entry(kind: .add, key: o.key, resourceVersion: o.resourceVersion, isInInitialList: initial)
        case .updated(_, let new):
            entry = Entry(kind: .update, key: new.key, resourceVersion: new.resourceVersion)
        case .deleted(let d):
            entry = Entry(
                kind: .delete, key: d.key, resourceVersion: d.object.resourceVersion, isTombstone: d.isTombstone)
        }
        state.withLock { $0.append(entry) }
    }

    /// A handler feeding this log.
    var handler: EventHandlers<Object> {
        EventHandlers(
            onAdd: { self.record(.added($0, isInInitialList: $1)) },
            onUpdate: { self.record(.updated(old: $0, new: $1)) },
            onDelete: { self.record(.deleted($0)) })
    }
}

/// Waits until the informer's cache holds exactly `server`'s keys at their resourceVersions.
/// - Parameter server: reads the server's current key → resourceVersion map (a fresh list).
func expectCacheConverges<Object: KubernetesObject>(
    _ informer: SharedIndexInformer<Object>, what: String, deadline: Duration = integrationDeadline,
    to server: () async throws -> [String: String]
) async throws {
    var expected: [String: String] = [:]
    var cached: [String: String] = [:]
    do {
        try await eventually("\(what): cache equals the server's list", deadline: deadline) {
            expected = try await server()
            cached = Dictionary(uniqueKeysWithValues: informer.indexer.list().map { ($0.key, $0.resourceVersion) })
            return cached == expected
        }
    } catch let error as DeadlineExceeded {
        Issue.record("\(error)\nserver: \(expected.sorted { $0.key < $1.key })\ncache: \(cached.sorted { $0.key < $1.key })")
        throw error
    }
}

/// The server's current key → resourceVersion map of a collection (a consistent read).
func serverState<Object: KubernetesObject>(_ client: ResourceClient<Object>) async throws -> [String: String] {
    let list = try await client.list(ListOptions(resourceVersion: ""))
    return Dictionary(uniqueKeysWithValues: list.items.map { ($0.key, $0.resourceVersion) })
}

/// Waits until `log`'s last event per key matches the server: present keys' last event is an
/// add or update at the server's resourceVersion; each key in `deleted` ends with a delete.
/// - Parameter deletedMayBeUnseen: an object created and deleted while the informer was
///   relisting is legitimately never seen; then a deleted key may also have no event at all
///   (but never end on an add or update).
func expectHandlerSawFinalStates<Object: KubernetesObject>(
    _ log: EventLog<Object>, server: [String: String], deleted: Set<String>, what: String,
    deletedMayBeUnseen: Bool = false
) async throws {
    func mismatches() -> [String] {
        let last = log.lastByKey
        var problems: [String] = []
        for (key, rv) in server {
            guard let e = last[key], e.kind != .delete, e.resourceVersion == rv else {
                problems.append("\(key): want rv \(rv), last event \(last[key]?.description ?? "none")")
                continue
            }
        }
        for key in deleted where last[key]?.kind != .delete {
            if deletedMayBeUnseen && last[key] == nil { continue }
            problems.append("\(key): want delete, last event \(last[key]?.description ?? "none")")
        }
        return problems.sorted()
    }
    do {
        try await eventually("\(what): handler saw every final state") { mismatches().isEmpty }
    } catch {
        Issue.record("\(what): \(mismatches())")
        throw error
    }
}

/// Runs an informer in a task for the duration of `body`, then cancels it and waits for it.
func withRunning<Object: KubernetesObject, T>(
    _ informer: SharedIndexInformer<Object>, _ body: () async throws -> T
) async throws -> T {
    let task = Task { try await informer.run() }
    do {
        let result = try await body()
        task.cancel()
        _ = await task.result
        return result
    } catch {
        task.cancel()
        _ = await task.result
        throw error
    }
}

/// Runs a factory for the duration of `body`, then shuts it down.
func withRunning<T>(_ factory: SharedInformerFactory, _ body: () async throws -> T) async throws -> T {
    factory.start()
    do {
        let result = try await body()
        await factory.shutdown()
        return result
    } catch {
        await factory.shutdown()
        throw error
    }
}

/// Waits for an informer's first sync, failing after the deadline.
func expectSynced<Object: KubernetesObject>(_ informer: SharedIndexInformer<Object>, _ what: String) async throws {
    try await eventually("\(what): informer synced") { informer.hasSynced }
}

/// A ListerWatcher that can hold back new watches: while closed, `watch` waits until reopened.
/// Lets a test make changes the informer cannot see (a gap), then let it resume.
final class GatedListWatch<Base: ListerWatcher>: ListerWatcher, Sendable where Base.Events: Sendable {
    typealias Object = Base.Object
    typealias Events = Base.Events

    private struct State {
        var closed = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        var blockedWatches = 0
        var watchCalls = 0
    }

    let base: Base
    private let state = Mutex(State())

    init(_ base: Base) { self.base = base }

    /// New watches wait until ``open()``.
    func close() { state.withLock { $0.closed = true } }

    /// Lets waiting and future watches through.
    func open() {
        let waiters = state.withLock { s in
            s.closed = false
            s.blockedWatches = 0
            defer { s.waiters.removeAll() }
            return s.waiters
        }
        for w in waiters { w.resume() }
    }

    /// How many watches are waiting at the gate now.
    var blockedWatches: Int { state.withLock { $0.blockedWatches } }

    /// How many watches were asked for.
    var watchCalls: Int { state.withLock { $0.watchCalls } }

    func list(_ options: ListOptions) async throws -> ObjectList<Object> { try await base.list(options) }

    func watch(_ options: WatchOptions) async throws -> Events {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let pass = state.withLock { s in
                    s.watchCalls += 1
                    guard s.closed, !Task.isCancelled else { return true }
                    s.blockedWatches += 1
                    s.waiters.append(c)
                    return false
                }
                if pass { c.resume() }
            }
        } onCancel: {
            // A cancelled informer must not hang at the gate: release everyone.
            open()
        }
        try Task.checkCancellation()
        return try await base.watch(options)
    }
}
