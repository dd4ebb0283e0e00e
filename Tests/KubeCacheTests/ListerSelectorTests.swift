import KubeModel
import Testing

@testable import KubeCache

@Suite struct ListerSelectorTests {
    @Test func selectorOverloadFiltersByLabels() throws {
        let resource = ResourceDescriptor(group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", namespaced: true)
        let indexer = Indexer<PartialObjectMetadata>()
        for (name, ns, labels) in [("a", "x", ["app": "web"]), ("b", "x", ["app": "db"]), ("c", "y", ["app": "web", "tier": "1"])] {
            _ = indexer.add(PartialObjectMetadata(metadata: ObjectMeta(name: name, namespace: ns, labels: labels)))
        }
        let lister = Lister(indexer: indexer, resource: resource)
        let web = try Selector(parsing: "app=web")
        #expect(lister.list(selector: web).map(\.key).sorted() == ["x/a", "y/c"])
        #expect(lister.namespace("x").list(selector: web).map(\.key) == ["x/a"])
        #expect(lister.list(selector: try Selector(parsing: "app in (web,db),!tier")).map(\.key).sorted() == ["x/a", "x/b"])
    }
}
