import KubeModel
import Testing

@testable import KubeCache

@Suite struct DeltaFIFOTests {
    @Test func oneEntryPerKeyInFIFOOrder() async throws {
        let fifo = DeltaFIFO<Obj>()
        fifo.add(obj("ns", "a", rv: "1"))
        fifo.add(obj("ns", "b", rv: "2"))
        fifo.update(obj("ns", "a", rv: "3"))
        try fifo.checkInvariants()
        #expect(fifo.count == 2)
        #expect(fifo.listKeys() == ["ns/a", "ns/b"])
        let first = try await fifo.popOne()
        #expect(first.key == "ns/a")
        #expect(first.deltas.map(\.summary) == ["Added:ns/a@1", "Updated:ns/a@3"])
        let second = try await fifo.popOne()
        #expect(second.deltas.map(\.summary) == ["Added:ns/b@2"])
        #expect(fifo.count == 0)
    }

    struct DeleteCase: Sendable, CustomTestStringConvertible {
        var name: String
        var known: Bool
        var queued: Bool
        var expected: [String]
        var testDescription: String { name }
    }

    @Test(arguments: [
        DeleteCase(name: "unknown key, no store", known: false, queued: false, expected: []),
        DeleteCase(name: "queued key", known: false, queued: true, expected: ["Added:ns/a@1", "Deleted:ns/a@9"]),
        DeleteCase(name: "known key", known: true, queued: false, expected: ["Deleted:ns/a@9"]),
    ])
    func deleteOfUnknownKeyIsIgnored(_ c: DeleteCase) async throws {
        let store = Indexer<Obj>()
        if c.known { store.add(obj("ns", "a", rv: "1")) }
        let fifo = DeltaFIFO<Obj>(knownObjects: store)
        if c.queued { fifo.add(obj("ns", "a", rv: "1")) }
        fifo.delete(obj("ns", "a", rv: "9"))
        try fifo.checkInvariants()
        #expect(fifo.deltas(for: "ns/a").map(\.summary) == c.expected)
        #expect(fifo.count == (c.expected.isEmpty ? 0 : 1))
    }

    @Test(arguments: [
        // (first delete is a tombstone, second is a tombstone) → the surviving delta
        (false, false, "Deleted:ns/a@3"),  // two real deletes: the later one stays
        (false, true, "Deleted:ns/a@2"),  // real then tombstone: the real one stays
        (true, false, "Deleted:ns/a@3"),  // tombstone then real: the real one stays
        (true, true, "Deleted~:ns/a@2"),  // two tombstones: the earlier one stays
    ])
    func consecutiveDeletesCollapse(firstTomb: Bool, secondTomb: Bool, expected: String) throws {
        let store = Indexer<Obj>()
        store.add(obj("ns", "a", rv: "1"))
        let fifo = DeltaFIFO<Obj>(knownObjects: store)
        fifo.update(obj("ns", "a", rv: "1"))
        for (tomb, rv) in [(firstTomb, "2"), (secondTomb, "3")] {
            if tomb {
                fifo.delete(tombstone: DeletedFinalStateUnknown(key: "ns/a", object: obj("ns", "a", rv: rv)))
            } else {
                fifo.delete(obj("ns", "a", rv: rv))
            }
            try fifo.checkInvariants()
        }
        #expect(fifo.deltas(for: "ns/a").map(\.summary) == ["Updated:ns/a@1", expected])
    }

    @Test func replaceTombstonesKeysQueuedAndKnown() async throws {
        let store = Indexer<Obj>()
        store.add(obj("ns", "known-gone", rv: "1"))
        store.add(obj("ns", "known-kept", rv: "1"))
        store.add(obj("ns", "known-and-queued", rv: "1"))
        let fifo = DeltaFIFO<Obj>(knownObjects: store)
        fifo.add(obj("ns", "queued-gone", rv: "2"))
        fifo.update(obj("ns", "known-and-queued", rv: "3"))
        fifo.delete(obj("ns", "already-deleted", rv: "4"))  // unknown: ignored
        fifo.replace([obj("ns", "known-kept", rv: "5"), obj("ns", "new", rv: "6")], resourceVersion: "10")
        try fifo.checkInvariants()
        #expect(fifo.lastReplaceResourceVersion == "10")
        #expect(
            fifo.listKeys() == ["ns/queued-gone", "ns/known-and-queued", "ns/known-kept", "ns/new", "ns/known-gone"])
        #expect(fifo.deltas(for: "ns/queued-gone").map(\.summary) == ["Added:ns/queued-gone@2", "Deleted~:ns/queued-gone@2"])
        #expect(
            fifo.deltas(for: "ns/known-and-queued").map(\.summary) == [
                "Updated:ns/known-and-queued@3", "Deleted~:ns/known-and-queued@3",
            ])
        #expect(fifo.deltas(for: "ns/known-kept").map(\.summary) == ["Replaced:ns/known-kept@5"])
        #expect(fifo.deltas(for: "ns/new").map(\.summary) == ["Replaced:ns/new@6"])
        #expect(fifo.deltas(for: "ns/known-gone").map(\.summary) == ["Deleted~:ns/known-gone@1"])
    }

    @Test func replaceAfterQueuedDeleteKeepsTheRealDelete() throws {
        let store = Indexer<Obj>()
        store.add(obj("ns", "a", rv: "1"))
        let fifo = DeltaFIFO<Obj>(knownObjects: store)
        fifo.delete(obj("ns", "a", rv: "2"))
        fifo.replace([], resourceVersion: "3")
        try fifo.checkInvariants()
        #expect(fifo.deltas(for: "ns/a").map(\.summary) == ["Deleted:ns/a@2"])
    }

    @Test func resyncSkipsKeysWithQueuedDeltas() throws {
        let store = Indexer<Obj>()
        store.add(obj("ns", "idle", rv: "1"))
        store.add(obj("ns", "busy", rv: "1"))
        let fifo = DeltaFIFO<Obj>(knownObjects: store)
        fifo.update(obj("ns", "busy", rv: "2"))
        fifo.resync()
        try fifo.checkInvariants()
        #expect(fifo.deltas(for: "ns/busy").map(\.summary) == ["Updated:ns/busy@2"])
        #expect(fifo.deltas(for: "ns/idle").map(\.summary) == ["Sync:ns/idle@1"])
        #expect(DeltaFIFO<Obj>().hasSynced == false)
        let noStore = DeltaFIFO<Obj>()
        noStore.resync()
        #expect(noStore.count == 0)
    }

    @Test func hasSyncedAfterInitialItemsArePoppedAndProcessed() async throws {
        let store = Indexer<Obj>()
        let fifo = DeltaFIFO<Obj>(knownObjects: store)
        #expect(!fifo.hasSynced)
        fifo.replace([obj("ns", "a"), obj("ns", "b")], resourceVersion: "1")
        fifo.add(obj("ns", "c"))  // after the initial list: not waited for
        #expect(!fifo.hasSynced)
        _ = try await fifo.popOne()
        #expect(!fifo.hasSynced)
        var syncedDuringProcessing = true
        try await fifo.pop { key, _ in
            #expect(key == "ns/b")
            syncedDuringProcessing = fifo.hasSynced
        }
        #expect(!syncedDuringProcessing)
        #expect(fifo.hasSynced)
        #expect(fifo.count == 1)
        try fifo.checkInvariants()
    }

    @Test func emptyReplaceSyncsAtOnce() {
        let fifo = DeltaFIFO<Obj>()
        fifo.replace([], resourceVersion: "1")
        #expect(fifo.hasSynced)
    }

    @Test func hasSyncedAfterFirstAddIsProcessed() async throws {
        let fifo = DeltaFIFO<Obj>()
        fifo.add(obj("ns", "a"))
        fifo.replace([obj("ns", "a"), obj("ns", "b")], resourceVersion: "1")  // not the initial population
        #expect(!fifo.hasSynced)
        _ = try await fifo.popOne()
        #expect(fifo.hasSynced)
    }

    @Test func processErrorIsRethrownAndCounted() async throws {
        struct Boom: Error {}
        let fifo = DeltaFIFO<Obj>()
        fifo.replace([obj("ns", "a")], resourceVersion: "1")
        await #expect(throws: Boom.self) { try await fifo.pop { _, _ in throw Boom() } }
        #expect(fifo.hasSynced)
        #expect(fifo.count == 0)
    }

    @Test func popWaitsForAnItem() async throws {
        let fifo = DeltaFIFO<Obj>()
        async let popped = fifo.popOne()
        fifo.add(obj("ns", "late"))
        #expect(try await popped.key == "ns/late")
    }

    @Test func closeDrainsThenThrows() async throws {
        let fifo = DeltaFIFO<Obj>()
        fifo.add(obj("ns", "a"))
        fifo.close()
        #expect(fifo.isClosed)
        #expect(try await fifo.popOne().key == "ns/a")
        let error = await #expect(throws: KubeCacheError.self) { try await fifo.popOne() }
        #expect(error?.code == .closed)
    }

    @Test func closeWakesAWaitingPopper() async throws {
        let fifo = DeltaFIFO<Obj>()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                let error = await #expect(throws: KubeCacheError.self) { try await fifo.popOne() }
                #expect(error?.code == .closed)
            }
            fifo.close()
            try await group.waitForAll()
        }
    }

    @Test func cancellingAWaitingPopperLosesNothing() async throws {
        let fifo = DeltaFIFO<Obj>()
        let waiter = Task { try await fifo.popOne() }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        fifo.add(obj("ns", "a"))
        #expect(try await fifo.popOne().key == "ns/a")
    }
}
