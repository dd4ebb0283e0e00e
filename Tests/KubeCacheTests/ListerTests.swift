import KubeClient
import KubeModel
import Testing

@testable import KubeCache

@Suite struct ListerTests {
    static let configMaps = ResourceDescriptor(
        group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", namespaced: true)
    static let nodes = ResourceDescriptor(group: "", version: "v1", kind: "Node", plural: "nodes", namespaced: false)

    func filled() -> Indexer<Obj> {
        let indexer = Indexer<Obj>()
        indexer.add(obj("a", "x", labels: ["app": "web"]))
        indexer.add(obj("a", "y", labels: ["app": "db"]))
        indexer.add(obj("b", "x", labels: ["app": "web"]))
        indexer.add(obj("b", "z"))
        return indexer
    }

    @Test func listByLabels() {
        let lister = Lister(indexer: filled(), resource: Self.configMaps)
        #expect(lister.list().count == 4)
        #expect(Set(lister.list(where: { $0["app"] == "web" }).map(\.key)) == ["a/x", "b/x"])
        #expect(lister.list(where: { $0.isEmpty }).map(\.key) == ["b/z"])
    }

    @Test func namespaceListerListsAndGets() throws {
        let lister = Lister(indexer: filled(), resource: Self.configMaps)
        #expect(Set(lister.namespace("a").list().map(\.key)) == ["a/x", "a/y"])
        #expect(lister.namespace("b").list(where: { $0["app"] == "web" }).map(\.key) == ["b/x"])
        #expect(lister.namespace("").list().count == 4)
        #expect(lister.namespace("none").list().isEmpty)
        #expect(try lister.namespace("b").get("z").key == "b/z")
        let error = #expect(throws: KubeAPIError.self) { try lister.namespace("a").get("z") }
        #expect(error?.isNotFound == true)
        #expect(error?.message.contains("configmaps") == true)
    }

    @Test func clusterScopedGet() throws {
        let indexer = Indexer<Obj>()
        indexer.add(obj(nil, "node-1"))
        let lister = Lister(indexer: indexer, resource: Self.nodes)
        #expect(try lister.get("node-1").name == "node-1")
        let error = #expect(throws: KubeAPIError.self) { try lister.get("node-2") }
        #expect(error?.code == 404)
        #expect(error?.status?.details?.name == "node-2")
    }
}
