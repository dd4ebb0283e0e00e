import KubeModel
import Testing

@testable import KubeCache

/// Several producers and consumers at once: nothing lost, nothing duplicated, state consistent.
@Suite struct ConcurrencyTests {
    @Test func deltaFIFOWithConcurrentProducersAndConsumers() async throws {
        let fifo = DeltaFIFO<Obj>()
        let producers = 4
        let perProducer = 500
        let popped = try await withThrowingTaskGroup(of: [String].self) { group in
            for p in 0..<producers {
                group.addTask {
                    for i in 0..<perProducer { fifo.add(obj("p\(p)", "o\(i)")) }
                    return []
                }
            }
            for _ in 0..<2 {
                group.addTask {
                    var keys: [String] = []
                    while true {
                        do {
                            try await fifo.pop { key, deltas in
                                #expect(deltas.map(\.type) == [.added])
                                keys.append(key)
                            }
                        } catch let error as KubeCacheError where error.code == .closed {
                            return keys
                        }
                    }
                }
            }
            var all: [String] = []
            var producersDone = 0
            while let keys = try await group.next() {
                all += keys
                if keys.isEmpty {
                    producersDone += 1
                    if producersDone == producers {
                        // Every add has happened; consumers drain what is left, then see `closed`.
                        fifo.close()
                    }
                }
            }
            return all
        }
        #expect(popped.count == producers * perProducer)
        #expect(Set(popped).count == producers * perProducer)
        try fifo.checkInvariants()
    }

    @Test func indexerWithConcurrentWritersAndReaders() async throws {
        let indexer = try Indexer<Obj>(indexers: ["tags": tagsIndex])
        await withTaskGroup(of: Void.self) { group in
            for w in 0..<4 {
                group.addTask {
                    for i in 0..<500 {
                        indexer.update(obj("ns\(w)", "o\(i % 50)", rv: "\(i)", labels: ["tags": i % 2 == 0 ? "a,b" : "b"]))
                        if i % 7 == 0 { indexer.delete(key: "ns\(w)/o\((i * 3) % 50)") }
                    }
                }
            }
            for _ in 0..<2 {
                group.addTask {
                    for _ in 0..<500 {
                        let keys = (try? indexer.indexKeys("tags", "b")) ?? []
                        #expect(keys.count <= 200)
                        _ = indexer.list()
                    }
                }
            }
        }
        try indexer.checkInvariants()
        #expect(Set(try indexer.indexKeys("tags", "b")) == Set(indexer.listKeys()))
    }
}
