import Dispatch
import Foundation
import KubeClient
import KubeModel
import Synchronization
import Testing

@testable import KubeCache

/// Informer behaviour against a scripted ListerWatcher (no server): list → watch events → handlers.
@Suite struct SharedIndexInformerFakeTests {
    static let resource = ResourceDescriptor(group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", namespaced: true)

    static func object(_ name: String, rv: String, ns: String = "a") -> PartialObjectMetadata {
        PartialObjectMetadata(metadata: ObjectMeta(name: name, namespace: ns, resourceVersion: rv))
    }

    /// A ListerWatcher whose list is fixed and whose watches are fed by the test.
    final class ScriptedListWatch: Sendable {
        let items: Mutex<[PartialObjectMetadata]>
        let listRV: Mutex<String>
        let watches: AsyncStream<AsyncThrowingStream<WatchEvent<PartialObjectMetadata>, any Error>.Continuation>
        let watchStarted: AsyncStream<AsyncThrowingStream<WatchEvent<PartialObjectMetadata>, any Error>.Continuation>.Continuation
        let listCalls = Mutex<[ListOptions]>([])
        let watchCalls = Mutex<[WatchOptions]>([])

        init(items: [PartialObjectMetadata], rv: String) {
            self.items = Mutex(items)
            self.listRV = Mutex(rv)
            (watches, watchStarted) = AsyncStream.makeStream()
        }

        var listWatch: ListWatch<PartialObjectMetadata> {
            ListWatch(
                list: { options in
                    self.listCalls.withLock { $0.append(options) }
                    return ObjectList(metadata: ListMeta(resourceVersion: self.listRV.withLock { $0 }), items: self.items.withLock { $0 })
                },
                watch: { options in
                    self.watchCalls.withLock { $0.append(options) }
                    let (stream, continuation) = AsyncThrowingStream<WatchEvent<PartialObjectMetadata>, any Error>.makeStream()
                    self.watchStarted.yield(continuation)
                    return AnyWatchEvents(stream)
                })
        }
    }

    actor Recorder {
        var events: [String] = []
        var waiters: [(Int, CheckedContinuation<Void, Never>)] = []
        func record(_ e: String) {
            events.append(e)
            let ready = waiters.filter { $0.0 <= events.count }
            waiters.removeAll { $0.0 <= events.count }
            for (_, c) in ready { c.resume() }
        }
        func waitFor(_ n: Int) async -> [String] {
            if events.count < n { await withCheckedContinuation { waiters.append((n, $0)) } }
            return events
        }
    }

    static func recordingHandler(_ r: Recorder) -> EventHandlers<PartialObjectMetadata> {
        EventHandlers(
            onAdd: { o, initial in await r.record("add \(o.key) \(o.resourceVersion) initial=\(initial)") },
            onUpdate: { old, new in await r.record("update \(new.key) \(old.resourceVersion)->\(new.resourceVersion)") },
            onDelete: { d in await r.record("delete \(d.key) tombstone=\(d.isTombstone)") })
    }

    @Test func listThenWatchFeedsCacheAndHandlersInOrder() async throws {
        let script = ScriptedListWatch(items: [Self.object("x", rv: "5"), Self.object("y", rv: "6")], rv: "10")
        let informer = try SharedIndexInformer(listerWatcher: script.listWatch, configuration: .init(resource: Self.resource))
        let recorder = Recorder()
        let registration = informer.addEventHandler(Self.recordingHandler(recorder))
        let run = Task { try await informer.run() }
        #expect(await informer.waitForCacheSync())
        var watches = script.watches.makeAsyncIterator()
        let watch = try #require(await watches.next())
        watch.yield(.added(Self.object("z", rv: "11")))
        watch.yield(.modified(Self.object("x", rv: "12")))
        watch.yield(.deleted(Self.object("y", rv: "13")))
        let events = await recorder.waitFor(5)
        #expect(Array(events.prefix(2)).sorted() == ["add a/x 5 initial=true", "add a/y 6 initial=true"])
        #expect(Array(events.dropFirst(2)) == ["add a/z 11 initial=false", "update a/x 5->12", "delete a/y tombstone=false"])
        await registration.waitForSync()
        #expect(registration.hasSynced)
        #expect(informer.indexer.listKeys().sorted() == ["a/x", "a/z"])
        #expect(informer.lastSyncResourceVersion == "13")
        #expect(script.listCalls.withLock { $0.first?.resourceVersion } == "0")
        let watchOptions = try #require(script.watchCalls.withLock { $0.first })
        #expect(watchOptions.resourceVersion == "10" && watchOptions.allowWatchBookmarks)
        let timeout = try #require(watchOptions.timeoutSeconds)
        #expect(timeout >= 300 && timeout < 600)
        run.cancel()
        try await run.value
    }

    @Test func normalCloseRewatchesWithoutRelistAndGoneRelists() async throws {
        let script = ScriptedListWatch(items: [Self.object("x", rv: "5")], rv: "10")
        let informer = try SharedIndexInformer(listerWatcher: script.listWatch, configuration: .init(resource: Self.resource))
        let recorder = Recorder()
        informer.addEventHandler(Self.recordingHandler(recorder))
        let errors = Mutex<[String]>([])
        informer.setWatchErrorHandler { error in errors.withLock { $0.append("\(error)") } }
        let run = Task { try await informer.run() }
        var watches = script.watches.makeAsyncIterator()
        let first = try #require(await watches.next())
        first.yield(.bookmark(.init(resourceVersion: "20")))
        first.finish()
        let second = try #require(await watches.next())
        #expect(script.listCalls.withLock { $0.count } == 1)
        #expect(script.watchCalls.withLock { $0.last?.resourceVersion } == "20")
        // The server has compacted: 410 → relist at "" (consistent), x gone, w new.
        script.items.withLock { $0 = [Self.object("w", rv: "30")] }
        script.listRV.withLock { $0 = "31" }
        second.yield(.error(KubeAPIError(code: 410, reason: .expired, message: "too old resource version")))
        let third = try #require(await watches.next())
        let events = await recorder.waitFor(3)
        #expect(events == ["add a/x 5 initial=true", "delete a/x tombstone=true", "add a/w 30 initial=false"])
        #expect(script.listCalls.withLock { $0.map(\.resourceVersion) } == ["0", ""])
        // The 410 reached the error handler (as in client-go); the normal close did not.
        #expect(errors.withLock { $0.count } == 1)
        #expect(errors.withLock { $0.first?.contains("too old resource version") } == true)
        #expect(script.watchCalls.withLock { $0.last?.resourceVersion } == "31")
        third.finish()
        run.cancel()
        try await run.value
    }

    /// Events wait in the informer's FIFO while the cache is busy; `queueDepth` shows them.
    @Test func queueDepthCountsEventsWaitingForTheCache() async throws {
        let script = ScriptedListWatch(items: [Self.object("x", rv: "5")], rv: "10")
        let gate = DispatchSemaphore(value: 0)
        var configuration = SharedIndexInformer<PartialObjectMetadata>.Configuration(resource: Self.resource)
        // Indexing the object named "gate" blocks the cache until the test opens the gate.
        configuration.indexers["gate"] = { object in
            if object.name == "gate" { _ = gate.wait(timeout: .now() + 60) }
            return []
        }
        let informer = try SharedIndexInformer(listerWatcher: script.listWatch, configuration: configuration)
        #expect(informer.queueDepth == 0)
        let run = Task { try await informer.run() }
        #expect(await informer.waitForCacheSync())
        var watches = script.watches.makeAsyncIterator()
        let watch = try #require(await watches.next())
        watch.yield(.added(Self.object("gate", rv: "11")))
        for i in 0..<5 { watch.yield(.added(Self.object("w\(i)", rv: "\(12 + i)"))) }
        // The gate blocks a thread of the cooperative pool, so poll from a thread of our own.
        let seen: Int = await withCheckedContinuation { c in
            Thread.detachNewThread {
                for _ in 0..<1200 where informer.queueDepth < 5 { Thread.sleep(forTimeInterval: 0.05) }
                c.resume(returning: informer.queueDepth)
            }
        }
        #expect(seen == 5)
        gate.signal()
        try await eventually("the queue drains") { informer.queueDepth == 0 && informer.indexer.count == 7 }
        run.cancel()
        try await run.value
    }

    @Test func lateHandlerGetsCacheAsAddsThenLiveEvents() async throws {
        let script = ScriptedListWatch(items: [Self.object("x", rv: "5")], rv: "10")
        let informer = try SharedIndexInformer(
            listerWatcher: script.listWatch, configuration: .init(resource: Self.resource))
        let run = Task { try await informer.run() }
        #expect(await informer.waitForCacheSync())
        var watches = script.watches.makeAsyncIterator()
        let watch = try #require(await watches.next())
        let recorder = Recorder()
        let registration = informer.addEventHandler(Self.recordingHandler(recorder))
        await registration.waitForSync()
        watch.yield(.added(Self.object("q", rv: "11")))
        let events = await recorder.waitFor(2)
        #expect(events == ["add a/x 5 initial=true", "add a/q 11 initial=false"])
        informer.removeEventHandler(registration)
        #expect(informer.registrations.isEmpty)
        run.cancel()
        try await run.value
    }

    @Test func transformRunsBeforeCaching() async throws {
        var withFields = Self.object("x", rv: "5")
        withFields.metadata.managedFields = [ManagedFieldsEntry(manager: "m")]
        let script = ScriptedListWatch(items: [withFields], rv: "10")
        var configuration = SharedIndexInformer<PartialObjectMetadata>.Configuration(resource: Self.resource)
        configuration.transform = { Transforms.dropManagedFields($0) }
        let informer = try SharedIndexInformer(listerWatcher: script.listWatch, configuration: configuration)
        let run = Task { try await informer.run() }
        #expect(await informer.waitForCacheSync())
        #expect(informer.indexer.get("a/x")?.metadata.managedFields == nil)
        run.cancel()
        try await run.value
    }

    @Test func eventsSequenceDeliversInitialList() async throws {
        let script = ScriptedListWatch(items: [Self.object("x", rv: "5"), Self.object("y", rv: "6")], rv: "10")
        let informer = try SharedIndexInformer(listerWatcher: script.listWatch, configuration: .init(resource: Self.resource))
        let run = Task { try await informer.run() }
        var keys: [String] = []
        for await event in informer.events() {
            if case .added(let o, let initial) = event, initial { keys.append(o.key) }
            if keys.count == 2 { break }
        }
        #expect(keys.sorted() == ["a/x", "a/y"])
        run.cancel()
        try await run.value
    }

    @Test func resyncReplaysCacheWithoutContactingServer() async throws {
        let script = ScriptedListWatch(items: [Self.object("x", rv: "5")], rv: "10")
        let informer = try SharedIndexInformer(listerWatcher: script.listWatch, configuration: .init(resource: Self.resource))
        let recorder = Recorder()
        let quiet = Recorder()
        informer.addEventHandler(Self.recordingHandler(recorder), resyncPeriod: .seconds(1))
        informer.addEventHandler(Self.recordingHandler(quiet))
        let run = Task { try await informer.run() }
        let events = await recorder.waitFor(2)
        #expect(events == ["add a/x 5 initial=true", "update a/x 5->5"])
        #expect(await quiet.waitFor(1) == ["add a/x 5 initial=true"])
        #expect(script.listCalls.withLock { $0.count } == 1)
        run.cancel()
        try await run.value
        #expect(await quiet.events == ["add a/x 5 initial=true"])
    }

    @Test func deltaFIFOModeDeliversTheSameEvents() async throws {
        let script = ScriptedListWatch(items: [Self.object("x", rv: "5"), Self.object("y", rv: "6")], rv: "10")
        var configuration = SharedIndexInformer<PartialObjectMetadata>.Configuration(resource: Self.resource)
        configuration.queue = .deltaFIFO
        let informer = try SharedIndexInformer(listerWatcher: script.listWatch, configuration: configuration)
        let recorder = Recorder()
        informer.addEventHandler(Self.recordingHandler(recorder))
        let run = Task { try await informer.run() }
        #expect(await informer.waitForCacheSync())
        var watches = script.watches.makeAsyncIterator()
        let watch = try #require(await watches.next())
        watch.yield(.modified(Self.object("x", rv: "12")))
        watch.yield(.deleted(Self.object("y", rv: "13")))
        let events = await recorder.waitFor(4)
        #expect(Array(events.prefix(2)).sorted() == ["add a/x 5 initial=true", "add a/y 6 initial=true"])
        #expect(Array(events.dropFirst(2)) == ["update a/x 5->12", "delete a/y tombstone=false"])
        #expect(informer.indexer.listKeys() == ["a/x"])
        run.cancel()
        try await run.value
    }

    @Test func deltaFIFOModeSyncsOnAnEmptyList() async throws {
        let script = ScriptedListWatch(items: [], rv: "10")
        var configuration = SharedIndexInformer<PartialObjectMetadata>.Configuration(resource: Self.resource)
        configuration.queue = .deltaFIFO
        let informer = try SharedIndexInformer(listerWatcher: script.listWatch, configuration: configuration)
        let run = Task { try await informer.run() }
        #expect(await informer.waitForCacheSync())
        run.cancel()
        try await run.value
    }
}
