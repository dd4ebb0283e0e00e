import CoreMetrics
import KubeModel
import Testing

@testable import KubeOperator

@Suite struct ProvenanceTests {
    static func map(_ name: String, generation: Int64, labels: [String: String] = [:], rv: String = "1") -> CoreV1.ConfigMap {
        CoreV1.ConfigMap(metadata: ObjectMeta(name: name, namespace: "ns", resourceVersion: rv, generation: generation, labels: labels))
    }

    @Test func reasonsMergeWhileAKeyWaitsAndAreTakenOnce() {
        let table = ReasonTable(limit: 3)
        let added = ReconcileReason(route: .primary, event: .added, resource: "widgets", object: "ns/a")
        let owned = ReconcileReason(route: .owner, event: .updated, resource: "configmaps", object: "ns/a-config")
        table.add(added, for: "ns/a")
        table.add(added, for: "ns/a")
        table.add(owned, for: "ns/a")
        table.add(.plain(.retry), for: "ns/a")
        table.add(.plain(.manual), for: "ns/a")
        table.add(.plain(.manual), for: "ns/b")
        let taken = table.take("ns/a")
        #expect(taken.reasons == [added, owned, .plain(.retry)])
        #expect(taken.omitted == 1)
        #expect(table.take("ns/a").reasons.isEmpty)
        #expect(table.count == 1)
        let request = ReconcileRequest(key: "ns/a", reasons: taken.reasons, omittedReasons: taken.omitted)
        #expect(request.namespace == "ns")
        #expect(request.name == "a")
        #expect(
            request.description
                == "ns/a (added widgets ns/a via primary; updated configmaps ns/a-config via owner; retry; +1 more)")
    }

    @Test func builtInPredicatesFilterUpdatesOnly() {
        let old = Self.map("a", generation: 1, labels: ["x": "1"])
        let statusOnly = Self.map("a", generation: 1, labels: ["x": "1"], rv: "2")
        let specChange = Self.map("a", generation: 2, labels: ["x": "1"], rv: "3")
        let relabel = Self.map("a", generation: 1, labels: ["x": "2"], rv: "4")
        let generation = Predicate<CoreV1.ConfigMap>.generationChanged
        #expect(!generation.allows(.updated(old: old, new: statusOnly)))
        #expect(generation.allows(.updated(old: old, new: specChange)))
        #expect(generation.allows(.added(old, isInInitialList: false)))
        #expect(generation.allows(.deleted(.object(old))))
        #expect(Predicate<CoreV1.ConfigMap>.labelsChanged.allows(.updated(old: old, new: relabel)))
        #expect(!Predicate<CoreV1.ConfigMap>.labelsChanged.allows(.updated(old: old, new: specChange)))
        #expect(!Predicate<CoreV1.ConfigMap>.resourceVersionChanged.allows(.updated(old: old, new: old)))
        #expect(Predicate<CoreV1.ConfigMap>.resourceVersionChanged.allows(.updated(old: old, new: statusOnly)))
        let either = Predicate<CoreV1.ConfigMap>.or([.generationChanged, .labelsChanged])
        #expect(either.allows(.updated(old: old, new: relabel)))
        #expect(!either.allows(.updated(old: old, new: statusOnly)))
        let both = Predicate<CoreV1.ConfigMap>.generationChanged.and(.labelsChanged)
        #expect(!both.allows(.updated(old: old, new: relabel)))
        #expect(Predicate.not(generation).allows(.updated(old: old, new: statusOnly)))
        #expect(!Predicate<CoreV1.ConfigMap>.or([]).allows(.added(old, isInInitialList: false)))
    }

    @Test func labelSelectorPredicateSeesObjectsLeavingTheSelection() throws {
        let selector = try Selector(parsing: "x=1")
        let predicate = Predicate<CoreV1.ConfigMap>.labelSelector(selector)
        let inside = Self.map("a", generation: 1, labels: ["x": "1"])
        let outside = Self.map("a", generation: 1, labels: ["x": "2"])
        #expect(predicate.allows(.added(inside, isInInitialList: false)))
        #expect(!predicate.allows(.added(outside, isInInitialList: false)))
        #expect(predicate.allows(.updated(old: inside, new: outside)))
        #expect(!predicate.allows(.deleted(.object(outside))))
    }
}

@Suite struct ProvenanceReconcilerTests {
    @Test func aReconcileCutShortKeepsItsReasonsForTheNextOne() async throws {
        let table = ReasonTable()
        let added = ReconcileReason(route: .primary, event: .added, resource: "widgets", object: "ns/a")
        table.add(added, for: "ns/a")
        let (started, starter) = AsyncStream<ReconcileRequest>.makeStream()
        let adapter = ProvenanceReconciler(
            user: OperatorReconcileFunction { request in
                starter.yield(request)
                try await Task.sleep(for: .seconds(600))
                return .done
            },
            reasons: table, metrics: ReconcileMetrics(controller: "t", factory: NOOPMetricsHandler.instance),
            readYourWrites: nil, logger: testLogger("t"))
        let task = Task { try await adapter.reconcile("ns/a") }
        var iterator = started.makeAsyncIterator()
        let request = await iterator.next()
        #expect(request?.reasons == [added])
        #expect(table.peek("ns/a").isEmpty)
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(table.peek("ns/a") == [added, .plain(.interrupted)])
    }

    @Test func aFailedReconcileIsQueuedAgainAsARetry() async throws {
        struct Failure: Error {}
        let table = ReasonTable()
        let metrics = ReconcileMetrics(controller: "t", factory: NOOPMetricsHandler.instance)
        let adapter = ProvenanceReconciler(
            user: OperatorReconcileFunction { _ in throw Failure() }, reasons: table, metrics: metrics,
            readYourWrites: nil, logger: testLogger("t"))
        await #expect(throws: Failure.self) { _ = try await adapter.reconcile("ns/a") }
        #expect(table.peek("ns/a") == [.plain(.retry)])
        #expect(metrics.activeWorkers == 0)
    }
}
