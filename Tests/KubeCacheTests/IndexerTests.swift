import KubeModel
import Testing

@testable import KubeCache

@Suite struct IndexerTests {
    @Test func addGetUpdateDelete() throws {
        let indexer = Indexer<Obj>()
        #expect(indexer.add(obj("ns", "a", rv: "1")) == nil)
        try indexer.checkInvariants()
        #expect(indexer.get("ns/a")?.resourceVersion == "1")
        #expect(indexer.update(obj("ns", "a", rv: "2"))?.resourceVersion == "1")
        try indexer.checkInvariants()
        #expect(indexer.get("ns/a")?.resourceVersion == "2")
        #expect(indexer.resourceVersion == "2")
        indexer.add(obj(nil, "c", rv: "3"))
        #expect(Set(indexer.listKeys()) == ["ns/a", "c"])
        #expect(Set(indexer.list().map(\.key)) == ["ns/a", "c"])
        #expect(indexer.count == 2)
        #expect(indexer.delete(obj("ns", "a", rv: "4"))?.resourceVersion == "2")
        try indexer.checkInvariants()
        #expect(indexer.resourceVersion == "4")
        #expect(indexer.get("ns/a") == nil)
        #expect(indexer.delete(key: "nope") == nil)  // delete of an unknown key is a no-op
        try indexer.checkInvariants()
        #expect(indexer.listKeys() == ["c"])
    }

    @Test func namespaceIndexIsBuiltIn() throws {
        let indexer = Indexer<Obj>()
        indexer.add(obj("a", "x"))
        indexer.add(obj("a", "y"))
        indexer.add(obj("b", "x"))
        indexer.add(obj(nil, "cluster"))
        try indexer.checkInvariants()
        #expect(Set(try indexer.byIndex(Indexer<Obj>.namespaceIndex, "a").map(\.key)) == ["a/x", "a/y"])
        #expect(Set(try indexer.listIndexFuncValues(Indexer<Obj>.namespaceIndex)) == ["a", "b"])
        indexer.delete(key: "b/x")
        try indexer.checkInvariants()
        // The emptied bucket is gone.
        #expect(try indexer.listIndexFuncValues(Indexer<Obj>.namespaceIndex) == ["a"])
    }

    struct TagChange: Sendable, CustomTestStringConvertible {
        var old: String?
        var new: String?
        var buckets: [String: Set<String>]
        var testDescription: String { "\(old ?? "nil") → \(new ?? "nil")" }
    }

    @Test(arguments: [
        TagChange(old: "a,b", new: "b,c", buckets: ["b": ["ns/o", "ns/other"], "c": ["ns/o"]]),
        TagChange(old: "a", new: "a", buckets: ["a": ["ns/o"], "b": ["ns/other"]]),
        TagChange(old: "a,a", new: "a", buckets: ["a": ["ns/o"], "b": ["ns/other"]]),
        TagChange(old: "a,b", new: nil, buckets: ["b": ["ns/other"]]),
        TagChange(old: nil, new: "x,y", buckets: ["x": ["ns/o"], "y": ["ns/o"], "b": ["ns/other"]]),
        TagChange(old: "b", new: "", buckets: ["b": ["ns/other"]]),
    ])
    func multiValuedIndexChangesOnUpdate(_ change: TagChange) throws {
        let indexer = try Indexer<Obj>(indexers: ["tags": tagsIndex])
        indexer.add(obj("ns", "other", labels: ["tags": "b"]))
        indexer.add(obj("ns", "o", labels: change.old.map { ["tags": $0] }))
        try indexer.checkInvariants()
        indexer.update(obj("ns", "o", rv: "2", labels: change.new.map { ["tags": $0] }))
        try indexer.checkInvariants()
        var buckets: [String: Set<String>] = [:]
        for value in try indexer.listIndexFuncValues("tags") {
            buckets[value] = Set(try indexer.indexKeys("tags", value))
        }
        #expect(buckets == change.buckets)
    }

    @Test func indexReturnsUnionOfTheObjectsValues() throws {
        let indexer = try Indexer<Obj>(indexers: ["tags": tagsIndex])
        indexer.add(obj("ns", "1", labels: ["tags": "a"]))
        indexer.add(obj("ns", "2", labels: ["tags": "b,c"]))
        indexer.add(obj("ns", "3", labels: ["tags": "d"]))
        let probe = obj("ns", "probe", labels: ["tags": "a,c"])
        #expect(Set(try indexer.index("tags", probe).map(\.key)) == ["ns/1", "ns/2"])
        #expect(try indexer.index("tags", obj("ns", "none")).isEmpty)
        #expect(try indexer.byIndex("tags", "zzz").isEmpty)
    }

    @Test func addingIndexersLateBackfills() throws {
        let indexer = Indexer<Obj>()
        indexer.add(obj("ns", "1", labels: ["tags": "a,b"]))
        indexer.add(obj("ns", "2", labels: ["tags": "b"]))
        try indexer.addIndexers(["tags": tagsIndex, "owner": IndexFunctionLibrary.ownerUIDs])
        try indexer.checkInvariants()
        #expect(Set(try indexer.indexKeys("tags", "b")) == ["ns/1", "ns/2"])
        #expect(try indexer.indexKeys("tags", "a") == ["ns/1"])
        indexer.add(obj("ns", "3", owners: ["u1", "u2"]))
        #expect(try indexer.indexKeys("owner", "u2") == ["ns/3"])
        try indexer.checkInvariants()
    }

    @Test(arguments: ["tags", IndexFunctionLibrary.namespaceIndexName])
    func conflictingIndexerThrows(_ name: String) throws {
        let indexer = try Indexer<Obj>(indexers: ["tags": tagsIndex])
        let error = #expect(throws: KubeCacheError.self) { try indexer.addIndexers([name: tagsIndex]) }
        #expect(error?.code == .indexConflict)
    }

    @Test func unknownIndexThrows() throws {
        let indexer = Indexer<Obj>()
        indexer.add(obj("ns", "a"))
        let checks: [(Indexer<Obj>) throws -> Void] = [
            { _ = try $0.byIndex("nope", "x") },
            { _ = try $0.indexKeys("nope", "x") },
            { _ = try $0.index("nope", obj("ns", "a")) },
            { _ = try $0.listIndexFuncValues("nope") },
        ]
        for check in checks {
            let error = #expect(throws: KubeCacheError.self) { try check(indexer) }
            #expect(error?.code == .unknownIndex)
        }
    }

    @Test func replaceSwapsAndRebuildsIndices() throws {
        let indexer = try Indexer<Obj>(indexers: ["tags": tagsIndex])
        indexer.add(obj("ns", "old", labels: ["tags": "a"]))
        indexer.replace(
            [obj("ns", "n1", labels: ["tags": "b"]), obj("other", "n2", labels: ["tags": "a,b"])],
            resourceVersion: "42")
        try indexer.checkInvariants()
        #expect(indexer.resourceVersion == "42")
        #expect(Set(indexer.listKeys()) == ["ns/n1", "other/n2"])
        #expect(try indexer.indexKeys("tags", "a") == ["other/n2"])
        #expect(Set(try indexer.listIndexFuncValues(Indexer<Obj>.namespaceIndex)) == ["ns", "other"])
    }

    @Test func replaceComputingChanges() throws {
        let indexer = Indexer<Obj>()
        indexer.add(obj("ns", "keep", rv: "1"))
        indexer.add(obj("ns", "gone", rv: "1"))
        indexer.add(obj(nil, "alsoGone", rv: "1"))
        let changes = indexer.replaceComputingChanges(
            [obj("ns", "new", rv: "5"), obj("ns", "keep", rv: "4"), obj("ns", "new", rv: "6")],
            resourceVersion: "7")
        try indexer.checkInvariants()
        #expect(changes.deleted.map(\.key) == ["alsoGone", "ns/gone"])
        #expect(changes.deleted.map(\.object.resourceVersion) == ["1", "1"])
        #expect(changes.added.map { "\($0.key)@\($0.resourceVersion)" } == ["ns/new@6"])
        #expect(changes.updated.map { "\($0.old.resourceVersion)->\($0.new.resourceVersion)" } == ["1->4"])
        #expect(Set(indexer.listKeys()) == ["ns/new", "ns/keep"])
        #expect(indexer.get("ns/new")?.resourceVersion == "6")
        #expect(indexer.resourceVersion == "7")
        #expect(indexer.replaceComputingChanges([], resourceVersion: "8").deleted.count == 2)
        #expect(indexer.replaceComputingChanges([], resourceVersion: "9").isEmpty)
    }
}
