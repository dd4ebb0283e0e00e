import Foundation
import KubeClient
import KubeModel
import Testing

@testable import KubeCache

/// Informer scenarios run against both the real API server and the in-process one; each must
/// converge the same way on both. Every test uses a fresh namespace.
@Suite struct InformerIntegrationTests {
    typealias ReflectorStatistics = Reflector<ListWatch<CoreV1.ConfigMap>, InformerSink<CoreV1.ConfigMap>>.Statistics

    /// The ConfigMap informer of one namespace, with the given queue and list mode.
    static func configMapInformer(
        _ client: ResourceClient<CoreV1.ConfigMap>, queue: InformerQueueKind = .inOrder, streaming: Bool = false
    ) throws -> SharedIndexInformer<CoreV1.ConfigMap> {
        var configuration = SharedIndexInformer<CoreV1.ConfigMap>.Configuration(resource: CoreV1.ConfigMap.resource)
        configuration.queue = queue
        configuration.reflector.useStreamingList = streaming
        return try SharedIndexInformer(listerWatcher: client, configuration: configuration)
    }

    static func configMap(_ name: String, _ value: String) -> CoreV1.ConfigMap {
        CoreV1.ConfigMap(metadata: ObjectMeta(name: name), data: ["v": value])
    }

    /// Creates `names`, updates every second one twice and deletes every third; returns the
    /// keys deleted.
    @discardableResult
    static func churn(_ client: ResourceClient<CoreV1.ConfigMap>, names: [String]) async throws -> Set<String> {
        var deleted: Set<String> = []
        for (i, name) in names.enumerated() {
            var object = try await client.create(configMap(name, "0"))
            if i % 2 == 0 {
                for round in 1...2 {
                    object.data = ["v": "\(round)"]
                    object = try await client.update(object)
                }
            }
            if i % 3 == 0 {
                _ = try await client.delete(name)
                deleted.insert(object.key)
            }
        }
        return deleted
    }

    /// Scenario 1 (and 5, 6 with other settings): objects created before the informer starts
    /// and created/updated/deleted while it runs; the cache equals the server's list and the
    /// handler's last event per key is each object's final state.
    static func churnConverges(
        on kind: BackendKind, queue: InformerQueueKind, streaming: Bool
    ) async throws -> ReflectorStatistics? {
        try await IntegrationBackend.with(kind) { backend in
            let ns = try await backend.makeNamespace("churn")
            let client = backend.client.resource(CoreV1.ConfigMap.self, namespace: ns)
            let before = try await churn(client, names: (0..<9).map { "before-\($0)" })
            let informer = try configMapInformer(client, queue: queue, streaming: streaming)
            let log = EventLog<CoreV1.ConfigMap>()
            informer.addEventHandler(log.handler)
            return try await withRunning(informer) {
                try await expectSynced(informer, "\(kind)")
                let initial = log.entries
                #expect(initial.allSatisfy { $0.kind == .add && $0.isInInitialList }, "\(initial)")
                let during = try await churn(client, names: (0..<24).map { "during-\($0)" })
                try await expectCacheConverges(informer, what: "\(kind) \(queue)") { try await serverState(client) }
                let server = try await serverState(client)
                #expect(server.count == 9 - before.count + 24 - during.count)
                try await expectHandlerSawFinalStates(log, server: server, deleted: during, what: "\(kind) \(queue)")
                // Objects deleted before the informer started were never seen.
                #expect(log.entries.allSatisfy { !before.contains($0.key) })
                return informer.reflectorStatistics
            }
        }
    }

    @Test(arguments: BackendKind.allCases)
    func createdUpdatedDeletedObjectsConverge(kind: BackendKind) async throws {
        let stats = try await Self.churnConverges(on: kind, queue: .inOrder, streaming: false)
        let s = try #require(stats)
        #expect(s.lists == 1, "one list, then only watches: \(s)")
        #expect(s.relistsAfterExpiry == 0)
    }

    /// Scenario 5: the DeltaFIFO converges like the in-order FIFO.
    @Test(arguments: BackendKind.allCases)
    func deltaFIFOModeConverges(kind: BackendKind) async throws {
        let stats = try #require(try await Self.churnConverges(on: kind, queue: .deltaFIFO, streaming: false))
        #expect(stats.lists == 1, "\(stats)")
    }

    /// Scenario 6: streaming lists are used where served (in process) and fall back to
    /// list + watch on v1.20; both converge.
    @Test(arguments: BackendKind.allCases)
    func streamingListUsedOrFallsBack(kind: BackendKind) async throws {
        let stats = try #require(try await Self.churnConverges(on: kind, queue: .inOrder, streaming: true))
        switch kind {
        case .controlPlane:
            #expect(stats.streamingListSupported == false, "\(stats)")
            #expect(stats.lists == 1, "fell back to one list: \(stats)")
        case .inProcess:
            #expect(stats.streamingListSupported == true, "\(stats)")
        }
    }

    /// Scenario 2: a handler added to a synced informer first receives the cache as adds with
    /// `isInInitialList`, then live events.
    @Test(arguments: BackendKind.allCases)
    func lateHandlerGetsExistingObjectsThenLiveEvents(kind: BackendKind) async throws {
        try await IntegrationBackend.with(kind) { backend in
            let ns = try await backend.makeNamespace("late")
            let client = backend.client.resource(CoreV1.ConfigMap.self, namespace: ns)
            for i in 0..<5 { _ = try await client.create(Self.configMap("cm-\(i)", "0")) }
            let informer = try Self.configMapInformer(client)
            try await withRunning(informer) {
                try await expectSynced(informer, "\(kind)")
                try await expectCacheConverges(informer, what: "\(kind) before late handler") {
                    try await serverState(client)
                }
                let log = EventLog<CoreV1.ConfigMap>()
                let registration = informer.addEventHandler(log.handler)
                try await eventually("\(kind): late handler synced") { registration.hasSynced }
                let existing = log.entries
                #expect(existing.count == 5, "\(existing)")
                #expect(existing.allSatisfy { $0.kind == .add && $0.isInInitialList }, "\(existing)")
                #expect(Set(existing.map(\.key)) == Set((0..<5).map { "\(ns)/cm-\($0)" }))

                let created = try await client.create(Self.configMap("cm-new", "0"))
                var changed = try await client.get("cm-0")
                changed.data = ["v": "1"]
                let updated = try await client.update(changed)
                _ = try await client.delete("cm-1")
                try await eventually("\(kind): late handler got live events") { log.entries.count >= 8 }
                let live = Array(log.entries.dropFirst(5))
                #expect(live.count == 3, "\(live)")
                #expect(live.first == .init(kind: .add, key: created.key, resourceVersion: created.resourceVersion))
                #expect(live.dropFirst().first == .init(kind: .update, key: updated.key, resourceVersion: updated.resourceVersion))
                #expect(live.last?.kind == .delete && live.last?.key == "\(ns)/cm-1" && live.last?.isTombstone == false)
            }
        }
    }

    /// Scenario 3: a custom resource through the factory's dynamic informer converges.
    @Test(arguments: BackendKind.allCases)
    func customResourceDynamicInformerConverges(kind: BackendKind) async throws {
        try await IntegrationBackend.with(kind) { backend in
            let widgets = try await backend.makeCustomResource()
            do {
                let ns = try await backend.makeNamespace("crd")
                let client = backend.client.resource(widgets, namespace: ns)
                var options = SharedInformerFactory.Options()
                options.namespace = ns
                let factory = SharedInformerFactory(client: try backend.makeClient(), options: options)
                let informer = try factory.dynamicInformer(for: widgets)
                #expect(try factory.dynamicInformer(for: widgets) === informer, "shared per resource")
                let log = EventLog<DynamicObject>()
                informer.addEventHandler(log.handler)
                func widget(_ name: String, size: Int64) -> DynamicObject {
                    DynamicObject(
                        apiVersion: "\(widgets.group)/v1", kind: "Widget", metadata: ObjectMeta(name: name),
                        content: ["spec": .object(["size": .int(size)])])
                }
                _ = try await client.create(widget("early", size: 1))
                try await withRunning(factory) {
                    #expect(await factory.waitForCacheSync().isEmpty)
                    var deleted: Set<String> = []
                    for i in 0..<12 {
                        var object = try await client.create(widget("w-\(i)", size: 1))
                        if i % 2 == 0 {
                            object["spec"] = .object(["size": .int(2)])
                            object = try await client.update(object)
                        }
                        if i % 4 == 0 {
                            _ = try await client.delete(object.name)
                            deleted.insert(object.key)
                        }
                    }
                    try await expectCacheConverges(informer, what: "\(kind) widgets") { try await serverState(client) }
                    let server = try await serverState(client)
                    #expect(server.count == 13 - deleted.count)
                    try await expectHandlerSawFinalStates(log, server: server, deleted: deleted, what: "\(kind) widgets")
                    let cached = try #require(informer.indexer.get("\(ns)/w-2"))
                    #expect(cached["spec"]?["size"]?.intValue == 2)
                }
            } catch {
                await backend.removeCustomResource(widgets)
                throw error
            }
            await backend.removeCustomResource(widgets)
        }
    }

    /// Scenario 4: a metadata-only informer (PartialObjectMetadata) converges.
    @Test(arguments: BackendKind.allCases)
    func metadataOnlyInformerConverges(kind: BackendKind) async throws {
        try await IntegrationBackend.with(kind) { backend in
            let ns = try await backend.makeNamespace("meta")
            let client = backend.client.resource(CoreV1.ConfigMap.self, namespace: ns)
            var options = SharedInformerFactory.Options()
            options.namespace = ns
            options.dropManagedFields = true
            let factory = SharedInformerFactory(client: try backend.makeClient(), options: options)
            let informer = try factory.metadataInformer(for: CoreV1.ConfigMap.resource)
            let log = EventLog<PartialObjectMetadata>()
            informer.addEventHandler(log.handler)
            _ = try await client.create(Self.configMap("early", "0"))
            try await withRunning(factory) {
                #expect(await factory.waitForCacheSync().isEmpty)
                let deleted = try await Self.churn(client, names: (0..<15).map { "m-\($0)" })
                try await expectCacheConverges(informer, what: "\(kind) metadata") { try await serverState(client) }
                let server = try await serverState(client)
                try await expectHandlerSawFinalStates(log, server: server, deleted: deleted, what: "\(kind) metadata")
                let cached = try #require(informer.indexer.get("\(ns)/m-1"))
                #expect(cached.metadata.uid != nil)
                #expect(cached.metadata.managedFields == nil, "transform dropped managedFields")
            }
        }
    }
}
