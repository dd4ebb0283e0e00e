import KinformerTestSupport
import KubeModel
import Testing

@testable import KubeCache

/// Thousands of random operations with fixed seeds, checked against simple models.
@Suite struct RandomizedTests {
    static let seeds: [UInt64] = [1, 2, 3, 1234, 0xC0FFEE]

    static func randomKey(_ rng: inout SeededGenerator) -> (String?, String) {
        let namespace = [nil, "a", "b"].randomElement(using: &rng)!
        return (namespace, "o\(Int.random(in: 0..<20, using: &rng))")
    }

    static func randomTags(_ rng: inout SeededGenerator) -> [String: String]? {
        if Int.random(in: 0..<5, using: &rng) == 0 { return nil }
        let count = Int.random(in: 0...3, using: &rng)
        let tags = (0..<count).map { _ in ["x", "y", "z", "w"].randomElement(using: &rng)! }
        return ["tags": tags.joined(separator: ",")]
    }

    static func summary(_ objects: some Sequence<Obj>) -> [String: String] {
        Dictionary(uniqueKeysWithValues: objects.map { ($0.key, $0.resourceVersion) })
    }

    // MARK: Indexer against a dictionary

    @Test(arguments: seeds)
    func indexerMatchesModel(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let indexer = Indexer<Obj>()
        var model: [String: Obj] = [:]
        var hasTags = false
        for step in 0..<3000 {
            let (namespace, name) = Self.randomKey(&rng)
            let rv = String(step + 1)
            switch Int.random(in: 0..<100, using: &rng) {
            case 0..<50:
                let o = obj(namespace, name, rv: rv, labels: Self.randomTags(&rng))
                indexer.update(o)
                model[o.key] = o
            case 50..<85:
                let key = ObjectKey.make(namespace: namespace, name: name)
                #expect(indexer.delete(key: key)?.key == model.removeValue(forKey: key)?.key)
            case 85..<88:
                var listed: [Obj] = []
                for _ in 0..<Int.random(in: 0..<30, using: &rng) {
                    let (ns, n) = Self.randomKey(&rng)
                    listed.append(obj(ns, n, rv: rv, labels: Self.randomTags(&rng)))
                }
                let before = model
                let changes = indexer.replaceComputingChanges(listed, resourceVersion: rv)
                model = Dictionary(listed.map { ($0.key, $0) }, uniquingKeysWith: { $1 })
                #expect(Set(changes.deleted.map(\.key)) == Set(before.keys).subtracting(model.keys))
                #expect(Set(changes.added.map(\.key)) == Set(model.keys).subtracting(before.keys))
                #expect(Set(changes.updated.map(\.new.key)) == Set(model.keys).intersection(before.keys))
            default:
                if !hasTags {
                    try indexer.addIndexers(["tags": tagsIndex])
                    hasTags = true
                }
            }
            try indexer.checkInvariants()
            #expect(Self.summary(indexer.list()) == Self.summary(model.values))
            if hasTags {
                let value = ["x", "y", "z", "w"].randomElement(using: &rng)!
                let expected = model.filter { tagsIndex($0.value).contains(value) }.keys
                #expect(Set(try indexer.indexKeys("tags", value)) == Set(expected))
            }
            for ns in ["a", "b"] {
                let expected = model.values.filter { $0.namespace == ns }.map(\.key)
                #expect(Set(try indexer.indexKeys(Indexer<Obj>.namespaceIndex, ns)) == Set(expected))
            }
        }
    }

    // MARK: FIFOs end to end: server → FIFO → consumer → cache

    /// A fake API server: objects, a resourceVersion counter, and whether a watch is delivering.
    struct Server {
        var objects: [String: Obj] = [:]
        var rv = 0
        var watching = false
        /// Every state by resourceVersion, to check that a cache is a snapshot.
        var history: [String: [String: String]] = ["": [:]]

        enum Event { case added(Obj), updated(Obj), deleted(Obj) }

        /// Applies a random write; returns the watch event if a watch is up.
        mutating func randomWrite(_ rng: inout SeededGenerator) -> Event? {
            let (namespace, name) = RandomizedTests.randomKey(&rng)
            let key = ObjectKey.make(namespace: namespace, name: name)
            rv += 1
            let event: Event
            if let old = objects[key], Bool.random(using: &rng) {
                objects[key] = nil
                var final = old
                final.metadata.resourceVersion = String(rv)
                event = .deleted(final)
            } else {
                let o = obj(namespace, name, rv: String(rv), labels: RandomizedTests.randomTags(&rng))
                event = objects.updateValue(o, forKey: key) == nil ? .added(o) : .updated(o)
            }
            history[String(rv)] = RandomizedTests.summary(objects.values)
            return watching ? event : nil
        }
    }

    @Test(arguments: seeds)
    func deltaFIFOKeepsTheCacheEqualToTheServer(seed: UInt64) async throws {
        var rng = SeededGenerator(seed: seed)
        var server = Server()
        let cache = Indexer<Obj>()
        let fifo = DeltaFIFO<Obj>(knownObjects: cache)
        func consume() async throws {
            try await fifo.pop { key, deltas in
                #expect(!deltas.isEmpty)
                for delta in deltas {
                    #expect(delta.payload.key == key)
                    if delta.type == .deleted { cache.delete(key: key) } else { cache.update(delta.object) }
                }
            }
        }
        for _ in 0..<4000 {
            switch Int.random(in: 0..<100, using: &rng) {
            case 0..<45:
                switch server.randomWrite(&rng) {
                case .added(let o): fifo.add(o)
                case .updated(let o): fifo.update(o)
                case .deleted(let o): fifo.delete(o)
                case nil: break
                }
            case 45..<48: server.watching = false
            case 48..<52:
                fifo.replace(Array(server.objects.values), resourceVersion: String(server.rv))
                server.watching = true
            case 52..<55: fifo.resync()
            default:
                if fifo.count > 0 { try await consume() }
            }
            try fifo.checkInvariants()
        }
        fifo.replace(Array(server.objects.values), resourceVersion: String(server.rv))
        while fifo.count > 0 { try await consume() }
        #expect(fifo.hasSynced)
        try cache.checkInvariants()
        #expect(Self.summary(cache.list()) == Self.summary(server.objects.values))
    }

    @Test(arguments: seeds)
    func inOrderFIFOKeepsTheCacheASnapshot(seed: UInt64) async throws {
        var rng = SeededGenerator(seed: seed)
        var server = Server()
        let cache = Indexer<Obj>()
        let fifo = InOrderFIFO<Obj>()
        var snapshotsChecked = 0
        func consume() async throws {
            try await fifo.pop { event in
                switch event {
                case .added(let o), .updated(let o): cache.update(o)
                case .deleted(.object(let o)): cache.delete(o)
                case .deleted(.tombstone(let t)): cache.delete(key: t.key)
                case .replaced(let objects, let rv): _ = cache.replaceComputingChanges(objects, resourceVersion: rv)
                case .resync: break
                }
            }
            // After every event the cache is exactly the server's state at the cache's RV.
            #expect(server.history[cache.resourceVersion] == Self.summary(cache.list()))
            snapshotsChecked += 1
        }
        for _ in 0..<4000 {
            switch Int.random(in: 0..<100, using: &rng) {
            case 0..<45:
                switch server.randomWrite(&rng) {
                case .added(let o): fifo.add(o)
                case .updated(let o): fifo.update(o)
                case .deleted(let o): fifo.delete(o)
                case nil: break
                }
            case 45..<48: server.watching = false
            case 48..<52:
                fifo.replace(Array(server.objects.values), resourceVersion: String(server.rv))
                server.watching = true
            case 52..<55: fifo.resync()
            default:
                if fifo.count > 0 { try await consume() }
            }
            try cache.checkInvariants()
        }
        fifo.replace(Array(server.objects.values), resourceVersion: String(server.rv))
        while fifo.count > 0 { try await consume() }
        #expect(fifo.hasSynced)
        #expect(snapshotsChecked > 100)
        #expect(Self.summary(cache.list()) == Self.summary(server.objects.values))
    }
}
