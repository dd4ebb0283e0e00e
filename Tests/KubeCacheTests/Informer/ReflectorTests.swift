import KubeClient
import KubeModel
import Synchronization
import Testing

@testable import KubeCache

/// Reflector rules against scripted list/watch calls.
@Suite struct ReflectorTests {
    typealias Obj = PartialObjectMetadata

    static func object(_ name: String, rv: String) -> Obj {
        Obj(metadata: ObjectMeta(name: name, namespace: "n", resourceVersion: rv))
    }

    /// Records what the reflector writes.
    final class RecordingStore: ReflectorStore, Sendable {
        let log = Mutex<[String]>([])
        let (writes, writer) = AsyncStream<String>.makeStream()
        private func record(_ s: String) {
            log.withLock { $0.append(s) }
            writer.yield(s)
        }
        func add(_ object: Obj) { record("add \(object.name)") }
        func update(_ object: Obj) { record("update \(object.name)") }
        func delete(_ object: Obj) { record("delete \(object.name)") }
        func replace(_ objects: [Obj], resourceVersion: String) {
            record("replace \(objects.map(\.name).joined(separator: ",")) @\(resourceVersion)")
        }
    }

    /// Answers lists from a queue of scripted results; watches hand the test a continuation.
    final class Script: Sendable {
        let lists: Mutex<[Result<ObjectList<Obj>, KubeAPIError>]>
        let listCalls = Mutex<[ListOptions]>([])
        let watchCalls = Mutex<[WatchOptions]>([])
        let watchResults: Mutex<[KubeAPIError?]>
        let (watches, started) = AsyncStream<AsyncThrowingStream<WatchEvent<Obj>, any Error>.Continuation>.makeStream()

        init(lists: [Result<ObjectList<Obj>, KubeAPIError>], watchErrors: [KubeAPIError?] = []) {
            self.lists = Mutex(lists)
            self.watchResults = Mutex(watchErrors)
        }

        var listWatch: ListWatch<Obj> {
            ListWatch(
                list: { options in
                    self.listCalls.withLock { $0.append(options) }
                    let next = self.lists.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                    guard let next else { throw KubeAPIError(code: 500, reason: .internalError, message: "script exhausted") }
                    return try next.get()
                },
                watch: { options in
                    self.watchCalls.withLock { $0.append(options) }
                    if let error = self.watchResults.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { throw error }
                    let (stream, continuation) = AsyncThrowingStream<WatchEvent<Obj>, any Error>.makeStream()
                    self.started.yield(continuation)
                    return AnyWatchEvents(stream)
                })
        }
    }

    static func page(_ names: [String], rv: String, continue token: String? = nil) -> Result<ObjectList<Obj>, KubeAPIError> {
        .success(ObjectList(metadata: ListMeta(resourceVersion: rv, continue: token), items: names.map { object($0, rv: rv) }))
    }

    static func fastBackoff() -> Reflector<ListWatch<Obj>, RecordingStore>.Configuration {
        var c = Reflector<ListWatch<Obj>, RecordingStore>.Configuration(name: "test")
        c.backoff = Backoff(initial: .milliseconds(1), maximum: .milliseconds(2))
        return c
    }

    @Test func pagesAreFollowedAndJoined() async throws {
        let script = Script(lists: [Self.page(["a"], rv: "9", continue: "t1"), Self.page(["b"], rv: "9")])
        let store = RecordingStore()
        var config = Self.fastBackoff()
        config.pageSize = 1
        let reflector = Reflector(listerWatcher: script.listWatch, store: store, configuration: config)
        let run = Task { await reflector.run() }
        var writes = store.writes.makeAsyncIterator()
        #expect(await writes.next() == "replace a,b @9")
        let calls = script.listCalls.withLock { $0 }
        #expect(calls.map(\.continueToken) == [nil, "t1"])
        #expect(calls.first?.resourceVersion == "0" && calls.first?.limit == 1)
        run.cancel()
        await run.value
    }

    @Test func tooLargeResourceVersionRelistsAsConsistentRead() async throws {
        let tooLarge = KubeAPIError(
            code: 504, reason: .timeout, message: "Too large resource version: 50, current: 40",
            status: Status(details: StatusDetails(causes: [StatusCause(reason: "ResourceVersionTooLarge")]), code: 504))
        let script = Script(lists: [.failure(tooLarge), Self.page(["a"], rv: "40")])
        let store = RecordingStore()
        let reflector = Reflector(listerWatcher: script.listWatch, store: store, configuration: Self.fastBackoff())
        let run = Task { await reflector.run() }
        var writes = store.writes.makeAsyncIterator()
        #expect(await writes.next() == "replace a @40")
        #expect(script.listCalls.withLock { $0.map(\.resourceVersion) } == ["0", ""])
        #expect(reflector.statistics.relistsAfterExpiry == 1)
        run.cancel()
        await run.value
    }

    @Test func watchStartFailuresRetryWatchWithoutRelisting() async throws {
        let unavailable = KubeAPIError(code: 503, reason: .serviceUnavailable, message: "restarting")
        let script = Script(lists: [Self.page(["a"], rv: "7")], watchErrors: [unavailable, unavailable])
        let store = RecordingStore()
        let errors = Mutex(0)
        let reflector = Reflector(listerWatcher: script.listWatch, store: store, configuration: Self.fastBackoff())
        reflector.setWatchErrorHandler { _ in errors.withLock { $0 += 1 } }
        let run = Task { await reflector.run() }
        var watches = script.watches.makeAsyncIterator()
        let watch = try #require(await watches.next())
        #expect(script.listCalls.withLock { $0.count } == 1)
        #expect(script.watchCalls.withLock { $0.map(\.resourceVersion) } == ["7", "7", "7"])
        #expect(errors.withLock { $0 } == 2)
        watch.yield(.added(Self.object("b", rv: "8")))
        var writes = store.writes.makeAsyncIterator()
        #expect(await writes.next() == "replace a @7")
        #expect(await writes.next() == "add b")
        run.cancel()
        await run.value
    }

    @Test func brokenStreamRelistsSoNothingIsLost() async throws {
        let script = Script(lists: [Self.page(["a"], rv: "7"), Self.page(["a", "c"], rv: "12")])
        let store = RecordingStore()
        let reflector = Reflector(listerWatcher: script.listWatch, store: store, configuration: Self.fastBackoff())
        let run = Task { await reflector.run() }
        var watches = script.watches.makeAsyncIterator()
        let first = try #require(await watches.next())
        first.finish(throwing: WatchDecodingError(offset: 10, excerpt: "{\"type\":", message: "truncated"))
        let second = try #require(await watches.next())
        #expect(script.listCalls.withLock { $0.map(\.resourceVersion) } == ["0", "7"])
        #expect(store.log.withLock { $0 } == ["replace a @7", "replace a,c @12"])
        #expect(script.watchCalls.withLock { $0.last?.resourceVersion } == "12")
        second.finish()
        run.cancel()
        await run.value
    }

    @Test func droppedConnectionRewatchesFromLastResourceVersion() async throws {
        struct ConnectionReset: Error {}
        let script = Script(lists: [Self.page(["a"], rv: "7")])
        let store = RecordingStore()
        let reflector = Reflector(listerWatcher: script.listWatch, store: store, configuration: Self.fastBackoff())
        let run = Task { await reflector.run() }
        var watches = script.watches.makeAsyncIterator()
        let first = try #require(await watches.next())
        first.yield(.modified(Self.object("a", rv: "9")))
        first.finish(throwing: ConnectionReset())
        let second = try #require(await watches.next())
        #expect(script.listCalls.withLock { $0.count } == 1)
        #expect(script.watchCalls.withLock { $0.map(\.resourceVersion) } == ["7", "9"])
        #expect(reflector.lastSyncResourceVersion == "9")
        second.finish()
        run.cancel()
        await run.value
    }

    @Test func streamingListFallsBackWhenRefused() async throws {
        let refused = KubeAPIError(code: 400, reason: .badRequest, message: "resourceVersionMatch is forbidden for watch")
        let script = Script(lists: [Self.page(["a"], rv: "7")], watchErrors: [refused])
        let store = RecordingStore()
        var config = Self.fastBackoff()
        config.useStreamingList = true
        let reflector = Reflector(listerWatcher: script.listWatch, store: store, configuration: config)
        let run = Task { await reflector.run() }
        var watches = script.watches.makeAsyncIterator()
        _ = try #require(await watches.next())
        let calls = script.watchCalls.withLock { $0 }
        #expect(calls.first?.sendInitialEvents == true && calls.first?.resourceVersionMatch == .notOlderThan)
        #expect(calls.last?.sendInitialEvents != true && calls.last?.resourceVersion == "7")
        #expect(reflector.statistics.streamingListSupported == false)
        run.cancel()
        await run.value
    }

    @Test func streamingListReplacesAtInitialEventsEnd() async throws {
        let script = Script(lists: [])
        let store = RecordingStore()
        var config = Self.fastBackoff()
        config.useStreamingList = true
        let reflector = Reflector(listerWatcher: script.listWatch, store: store, configuration: config)
        let run = Task { await reflector.run() }
        var watches = script.watches.makeAsyncIterator()
        let stream = try #require(await watches.next())
        stream.yield(.added(Self.object("a", rv: "3")))
        stream.yield(.added(Self.object("b", rv: "4")))
        stream.yield(.bookmark(.init(resourceVersion: "5", annotations: ["k8s.io/initial-events-end": "true"])))
        stream.yield(.added(Self.object("c", rv: "6")))
        var writes = store.writes.makeAsyncIterator()
        #expect(await writes.next() == "replace a,b @5")
        #expect(await writes.next() == "add c")
        // Counted before the store is written: a, b, the bookmark, c.
        #expect(reflector.statistics.events == 4)
        #expect(script.listCalls.withLock { $0.isEmpty })
        #expect(reflector.statistics.streamingListSupported == true)
        run.cancel()
        await run.value
    }
}
