import KubeClient
import KubeModel
import KubeTesting
import Testing

/// What `WatchStream` promises about its connection: cancelling the consumer or dropping the
/// iterator closes it, and a consumer that stops reading stops the reads (the bytes stay with
/// the server, which here closes a watcher that falls too far behind).
@Suite(.timeLimit(.minutes(1))) struct WatchStreamLifecycleTests {
    /// Polls until `condition` holds (the server notices a closed connection asynchronously).
    static func eventually(_ condition: () -> Bool) async throws -> Bool {
        for _ in 0..<400 {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(25))
        }
        return condition()
    }

    @Test func cancellingTheConsumerClosesTheWatch() async throws {
        try await withInProcessConfigMaps { server, configMaps in
            let stream = try await configMaps.watch(WatchOptions(resourceVersion: server.resourceVersion))
            #expect(server.openWatchCount == 1)
            let (firstSeen, seen) = AsyncStream.makeStream(of: Void.self)
            let consumer = Task {
                for try await _ in stream { seen.yield() }
            }
            _ = try await configMaps.create(CoreV1.ConfigMap(metadata: ObjectMeta(name: "a")))
            var it = firstSeen.makeAsyncIterator()
            _ = await it.next()
            consumer.cancel()
            _ = await consumer.result
            #expect(try await Self.eventually { server.openWatchCount == 0 })
        }
    }

    @Test func droppingTheIteratorClosesTheWatch() async throws {
        try await withInProcessConfigMaps { server, configMaps in
            do {
                let stream = try await configMaps.watch(WatchOptions(resourceVersion: server.resourceVersion))
                _ = try await configMaps.create(CoreV1.ConfigMap(metadata: ObjectMeta(name: "a")))
                var it = stream.makeAsyncIterator()
                #expect(try await it.next()?.object?.metadata.name == "a")
            }
            #expect(try await Self.eventually { server.openWatchCount == 0 })
        }
    }

    @Test func aConsumerThatStopsReadingStopsTheReads() async throws {
        try await withInProcessConfigMaps(server: { $0.watchBufferLimit = 20 }) { server, configMaps in
            let stream = try await configMaps.watch(WatchOptions(resourceVersion: server.resourceVersion))
            var it = stream.makeAsyncIterator()
            // ~25 MB of events: far more than socket buffers hold. If the client drained the
            // connection into memory, the server's queue for this watch would never fill up.
            let payload = String(repeating: "x", count: 256 * 1024)
            for i in 0..<100 {
                _ = try await configMaps.create(CoreV1.ConfigMap(metadata: ObjectMeta(name: "big-\(i)"), data: ["p": payload]))
            }
            #expect(try await Self.eventually { server.openWatchCount == 0 }, "the server never saw the watcher fall behind")
            // What was sent before the close is still delivered, in order.
            #expect(try await it.next()?.object?.metadata.name == "big-0")
        }
    }

    /// The control for the test above: the same writes, with a consumer that keeps reading (the
    /// writer stays at most 10 events ahead of it), never make the server close the watch.
    @Test func aConsumerThatKeepsReadingKeepsTheWatch() async throws {
        try await withInProcessConfigMaps(server: { $0.watchBufferLimit = 20 }) { server, configMaps in
            let stream = try await configMaps.watch(WatchOptions(resourceVersion: server.resourceVersion))
            let (progress, reported) = AsyncStream.makeStream(of: Int.self)
            let consumer = Task {
                var names: [String] = []
                for try await event in stream {
                    names.append(event.object?.metadata.name ?? "")
                    reported.yield(names.count)
                    if names.count == 100 { break }
                }
                reported.finish()
                return names
            }
            var seen = 0
            var updates = progress.makeAsyncIterator()
            let payload = String(repeating: "x", count: 256 * 1024)
            for i in 0..<100 {
                while i - seen > 10, let next = await updates.next() { seen = next }
                _ = try await configMaps.create(CoreV1.ConfigMap(metadata: ObjectMeta(name: "big-\(i)"), data: ["p": payload]))
            }
            let names = try await consumer.value
            #expect(names == (0..<100).map { "big-\($0)" })
        }
    }
}
