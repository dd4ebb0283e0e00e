import Foundation
import KubeClient
import KubeModel
import KubeTesting
import Synchronization
import Testing

@testable import KubeCache

/// Record and replay: a watch is recorded (``WatchRecorder``) from one server while objects
/// change and the server is disrupted; the capture replays into a fresh in-process server under
/// faults, and an informer on that server ends with the recorded final state.
@Suite struct CaptureReplayIntegrationTests {
    typealias ConfigMap = CoreV1.ConfigMap

    /// Collects the records a recorder writes (the test's stand-in for a file).
    final class Sink: Sendable {
        private let records = Mutex<[WatchCapture.Record]>([])
        func write(_ record: WatchCapture.Record) { records.withLock { $0.append(record) } }
        var all: [WatchCapture.Record] { records.withLock { $0 } }
        /// The capture, after a round trip through the JSON lines file format.
        func capture() throws -> WatchCapture {
            var data = Data()
            for record in all { data += try WatchCapture.line(record) + Data("\n".utf8) }
            return try WatchCapture(parsing: data)
        }
    }

    /// Runs a recorder for `ns`'s ConfigMaps during `body`.
    static func recording(
        _ client: KubeClient, ns: String, _ body: (Sink) async throws -> Void
    ) async throws -> Sink {
        let sink = Sink()
        let recorder = WatchRecorder(
            client: client.resource(ConfigMap.resource, namespace: ns), resource: ConfigMap.resource, namespace: ns,
            write: sink.write)
        let task = Task { try await recorder.run() }
        do {
            try await eventually("the recorder listed") { sink.all.contains { $0.record == .list } }
            try await body(sink)
        } catch {
            task.cancel()
            _ = await task.result
            throw error
        }
        task.cancel()
        try await task.value
        return sink
    }

    /// name → data of a list of ConfigMaps.
    static func contents(_ client: ResourceClient<ConfigMap>) async throws -> [String: [String: String]] {
        let list = try await client.list(ListOptions(resourceVersion: ""))
        return Dictionary(uniqueKeysWithValues: list.items.map { ($0.name, $0.data ?? [:]) })
    }

    static func contents(of capture: CaptureReplay) -> [String: [String: String]] {
        var result: [String: [String: String]] = [:]
        for (_, object) in capture.finalState() {
            let data = (object["data"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
            result[object["metadata"]?["name"]?.stringValue ?? ""] = data
        }
        return result
    }

    /// Waits until the capture's final state is the server's (the recorder has caught up).
    static func expectCaptured(_ sink: Sink, equals server: [String: [String: String]]) async throws {
        try await eventually("the capture reached the server's final state") {
            contents(of: CaptureReplay(try sink.capture())) == server
        }
    }

    /// Replays into a fresh in-process server with an informer watching it; checks the informer's
    /// cache equals that server's final state, which equals the recorded one.
    static func replayAndCheck(
        _ capture: WatchCapture, expected: [String: [String: String]], faults: CaptureReplay.Faults
    ) async throws -> CaptureReplay.Statistics {
        try await IntegrationBackend.with(.inProcess) { target in
            let server = try #require(target.inProcess)
            let ns = try #require(capture.namespace)
            let informer = try InformerIntegrationTests.configMapInformer(
                try target.makeClient().resource(ConfigMap.self, namespace: ns))
            let client = target.client.resource(ConfigMap.self, namespace: ns)
            return try await withRunning(informer) {
                try await expectSynced(informer, "replay target")
                let statistics = try await CaptureReplay(capture, pace: .maximum, faults: faults).replay(into: server)
                try await expectCacheConverges(informer, what: "after replay") { try await serverState(client) }
                #expect(try await contents(client) == expected)
                #expect(server.faults.count(.compaction) + server.faults.count(.dropWatch) > 0 || faults.every == nil)
                return statistics
            }
        }
    }

    @Test func aCaptureFromAnInProcessServerReplaysUnderFaults() async throws {
        try await IntegrationBackend.with(.inProcess) { source in
            let ns = try await source.makeNamespace("rec")
            let client = source.client.resource(ConfigMap.self, namespace: ns)
            _ = try await InformerIntegrationTests.churn(client, names: (0..<6).map { "before-\($0)" })
            let sink = try await Self.recording(try source.makeClient(), ns: ns) { sink in
                _ = try await InformerIntegrationTests.churn(client, names: (0..<12).map { "during-\($0)" })
                source.inProcess!.faults.compactHistory()
                _ = source.inProcess!.faults.dropWatches()
                _ = try await InformerIntegrationTests.churn(client, names: (0..<6).map { "after-\($0)" })
                try await Self.expectCaptured(sink, equals: try await Self.contents(client))
            }
            let capture = try sink.capture()
            // The recorder was current when the history was compacted, so the dropped watch resumed
            // without a 410: one list, and events on both sides of the drop.
            #expect(capture.records.first?.record == .list)
            #expect(capture.records.contains { $0.object?["metadata"]?["name"]?.stringValue == "after-5" })
            let expected = try await Self.contents(client)
            let statistics = try await Self.replayAndCheck(
                capture, expected: expected, faults: .init(every: 7, kinds: [.dropWatch, .compaction, .truncateWatch]))
            #expect(statistics.events == capture.eventCount)
            #expect(statistics.faults > 0)
        }
    }

    @Test func aCaptureFromTheRealAPIServerAcrossCompactionAndRestartReplays() async throws {
        try await IntegrationBackend.with(.controlPlane, dedicatedPlane: true) { source in
            let plane = try #require(source.plane)
            let ns = try await source.makeNamespace("rec")
            let client = source.client.resource(ConfigMap.self, namespace: ns)
            _ = try await InformerIntegrationTests.churn(client, names: (0..<5).map { "before-\($0)" })
            let sink = try await Self.recording(try source.makeClient(), ns: ns) { sink in
                _ = try await InformerIntegrationTests.churn(client, names: (0..<10).map { "during-\($0)" })
                _ = try await plane.compactEtcd()
                _ = try await InformerIntegrationTests.churn(client, names: (0..<6).map { "compacted-\($0)" })
                try await plane.restartAPIServer()
                _ = try await InformerIntegrationTests.churn(client, names: (0..<10).map { "restarted-\($0)" })
                try await Self.expectCaptured(sink, equals: try await Self.contents(client))
            }
            let capture = try sink.capture()
            #expect(capture.records.contains { $0.record == .error }, "the restart shows in the capture")
            let expected = try await Self.contents(client)
            let statistics = try await Self.replayAndCheck(
                capture, expected: expected, faults: .init(every: 10, kinds: [.dropWatch, .compaction], atRecordedErrors: .dropWatch))
            #expect(statistics.events == capture.eventCount)
            print("replay at maximum speed: \(statistics.events) events, \(statistics.changes) changes, "
                + "\(statistics.faults) faults in \(statistics.seconds) s = \(Int(statistics.eventsPerSecond)) events/s")
        }
    }

    @Test func aBrokenCaptureFileNamesTheLine() throws {
        let header = try WatchCapture.line(WatchCapture.header(ConfigMap.resource, namespace: "ns"))
        let data = header + Data("\n{\"record\":\"event\",\"at\":1}\nnot json\n".utf8)
        let error = #expect(throws: WatchCaptureError.self) { try WatchCapture(parsing: data, file: "x.jsonl") }
        #expect(error?.line == 3)
        #expect(error?.description.hasPrefix("x.jsonl:3:") == true)
        #expect(throws: WatchCaptureError.self) { try WatchCapture(parsing: Data("{\"record\":\"event\",\"at\":1}\n".utf8)) }
    }

    @Test func aPlanAppliesRelistsAsDifferences() throws {
        func cm(_ name: String, _ v: String, rv: String) -> JSONValue {
            ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name), "namespace": "ns", "resourceVersion": .string(rv)],
             "data": ["v": .string(v)]]
        }
        var list1 = WatchCapture.Record(record: .list, at: 0)
        list1.items = [cm("a", "1", rv: "5"), cm("b", "1", rv: "6")]
        var event = WatchCapture.Record(record: .event, at: 1)
        (event.type, event.object) = ("MODIFIED", cm("a", "2", rv: "7"))
        var list2 = WatchCapture.Record(record: .list, at: 2)
        list2.items = [cm("a", "2", rv: "7"), cm("c", "1", rv: "9")]
        let replay = CaptureReplay(WatchCapture(resource: ConfigMap.resource, namespace: "ns", records: [list1, event, list2]))
        let steps = replay.plan()
        #expect(steps.map(\.changes.count) == [2, 1, 2], "relist: delete b, create c; a unchanged")
        #expect(Set(replay.finalState().keys) == ["ns/a", "ns/c"])
        #expect(replay.finalState()["ns/a"]?["metadata"]?["resourceVersion"] == nil)
    }
}
