import KubeModel
import Testing

@testable import KubeCache

@Suite struct InOrderFIFOTests {
    @Test func everyEventInWatchOrder() async throws {
        let fifo = InOrderFIFO<Obj>()
        fifo.add(obj("ns", "a", rv: "1"))
        fifo.update(obj("ns", "a", rv: "2"))
        fifo.add(obj("ns", "b", rv: "3"))
        fifo.delete(obj("ns", "a", rv: "4"))
        fifo.delete(tombstone: DeletedFinalStateUnknown(key: "ns/b", object: obj("ns", "b", rv: "3")))
        fifo.replace([obj("ns", "c"), obj("ns", "d")], resourceVersion: "9")
        fifo.resync()
        fifo.resync()  // collapses with the waiting one
        #expect(fifo.count == 7)
        var events: [String] = []
        for _ in 0..<7 { events.append(try await fifo.popOne().summary) }
        #expect(
            events == [
                "added:ns/a", "updated:ns/a", "added:ns/b", "deleted:ns/a", "deleted~:ns/b",
                "replaced:ns/c,ns/d@9", "resync",
            ])
    }

    @Test func hasSyncedAfterFirstReplaceIsProcessed() async throws {
        let fifo = InOrderFIFO<Obj>()
        fifo.resync()  // does not populate
        fifo.replace([obj("ns", "a")], resourceVersion: "5")
        fifo.add(obj("ns", "b"))
        #expect(!fifo.hasSynced)
        #expect(try await fifo.popOne().summary == "resync")
        #expect(!fifo.hasSynced)
        var syncedDuringProcessing = true
        try await fifo.pop { _ in syncedDuringProcessing = fifo.hasSynced }
        #expect(!syncedDuringProcessing)
        #expect(fifo.hasSynced)
        #expect(fifo.count == 1)
    }

    @Test func hasSyncedAfterFirstAddWhenNoReplaceCameFirst() async throws {
        let fifo = InOrderFIFO<Obj>()
        fifo.add(obj("ns", "a"))
        fifo.replace([], resourceVersion: "1")
        _ = try await fifo.popOne()
        #expect(fifo.hasSynced)
    }

    @Test func consumerAppliesReplaceAtomically() async throws {
        let fifo = InOrderFIFO<Obj>()
        let cache = Indexer<Obj>()
        cache.add(obj("ns", "stale", rv: "1"))
        cache.add(obj("ns", "kept", rv: "1"))
        fifo.replace([obj("ns", "kept", rv: "7"), obj("ns", "fresh", rv: "7")], resourceVersion: "8")
        var emitted: [String] = []
        try await fifo.pop { event in
            guard case .replaced(let objects, let rv) = event else { return }
            let changes = cache.replaceComputingChanges(objects, resourceVersion: rv)
            // The cache already holds the snapshot when the first event is emitted.
            #expect(Set(cache.listKeys()) == ["ns/kept", "ns/fresh"])
            emitted += changes.deleted.map { "delete:\($0.key)" }
            emitted += changes.added.map { "add:\($0.key)" }
            emitted += changes.updated.map { "update:\($0.new.key)" }
        }
        #expect(emitted == ["delete:ns/stale", "add:ns/fresh", "update:ns/kept"])
        #expect(cache.resourceVersion == "8")
        try cache.checkInvariants()
    }

    @Test func onlyOneItemInProcessAtATime() async throws {
        let fifo = InOrderFIFO<Obj>()
        fifo.add(obj("ns", "a"))
        fifo.add(obj("ns", "b"))
        try await fifo.pop { _ in
            // While "a" is being processed, "b" is not handed out: a second popper would wait.
            #expect(fifo.count == 1)
        }
        #expect(try await fifo.popOne().summary == "added:ns/b")
    }

    @Test func closeDrainsThenThrows() async throws {
        let fifo = InOrderFIFO<Obj>()
        fifo.add(obj("ns", "a"))
        fifo.close()
        #expect(try await fifo.popOne().summary == "added:ns/a")
        let error = await #expect(throws: KubeCacheError.self) { try await fifo.popOne() }
        #expect(error?.code == .closed)
    }

    @Test func popWaitsForAnItem() async throws {
        let fifo = InOrderFIFO<Obj>()
        async let popped = fifo.popOne()
        fifo.update(obj("ns", "late"))
        #expect(try await popped.summary == "updated:ns/late")
    }
}
