import ConfigMapChecksumExample
import KubeModel
import Testing

/// The example controller's pure parts: which ConfigMaps a template reads, and the checksum.
@Suite struct ConfigMapChecksumPureTests {
    @Test func referencesFromEveryPlaceSortedAndUnique() throws {
        let d = try ExampleObjects.deployment(
            "web", namespace: "ns",
            references: [.volume("b"), .projected("c"), .envFrom("a"), .keyRef("d"), .initEnvFrom("e"), .volume("a")])
        let template = try #require(d.spec?.template)
        #expect(ConfigMapReferences.names(in: template) == ["a", "b", "c", "d", "e"])
        #expect(ConfigMapReferences.indexKeys(d) == ["ns/a", "ns/b", "ns/c", "ns/d", "ns/e"])
    }

    @Test func noReferences() throws {
        let d = try ExampleObjects.deployment("plain", namespace: "ns", references: [])
        #expect(ConfigMapReferences.names(in: try #require(d.spec?.template)).isEmpty)
        #expect(ConfigMapReferences.indexKeys(d).isEmpty)
        #expect(ConfigMapReferences.names(in: CoreV1.PodTemplateSpec()).isEmpty)
    }

    @Test func checksumIsStableAndOrderIndependent() {
        let a = ExampleObjects.configMap("a", data: ["x": "1", "y": "2"])
        let b = ExampleObjects.configMap("b", data: ["z": "3"])
        let one = ConfigChecksum.compute([("a", a), ("b", b)])
        let two = ConfigChecksum.compute([("b", b), ("a", a)])
        #expect(one == two)
        #expect(one.count == 16)
        #expect(one.allSatisfy { $0.isHexDigit })
        // Stable across runs: FNV-1a with a fixed seed, no randomised hashing.
        #expect(ConfigChecksum.compute([("a", a), ("b", b)]) == one)
    }

    @Test func checksumChangesWithAnyInput() {
        let base = ConfigChecksum.compute([("a", ExampleObjects.configMap("a", data: ["x": "1"]))])
        let variants = [
            ConfigChecksum.compute([("a", ExampleObjects.configMap("a", data: ["x": "2"]))]),
            ConfigChecksum.compute([("a", ExampleObjects.configMap("a", data: ["y": "1"]))]),
            ConfigChecksum.compute([("a", ExampleObjects.configMap("a", data: ["x": "1", "y": ""]))]),
            ConfigChecksum.compute([("a", nil)]),
            ConfigChecksum.compute([("b", ExampleObjects.configMap("b", data: ["x": "1"]))]),
            ConfigChecksum.compute([]),
        ]
        for variant in variants { #expect(variant != base) }
        #expect(Set(variants).count == variants.count)
    }

    @Test func keyValueBoundariesMatter() {
        // "ab"+"c" must not collide with "a"+"bc".
        let one = ConfigChecksum.compute([("m", ExampleObjects.configMap("m", data: ["ab": "c"]))])
        let two = ConfigChecksum.compute([("m", ExampleObjects.configMap("m", data: ["a": "bc"]))])
        #expect(one != two)
    }

    @Test func binaryDataCounts() {
        var withBinary = ExampleObjects.configMap("a", data: ["x": "1"])
        withBinary.binaryData = ["x": "MQ=="]
        let plain = ExampleObjects.configMap("a", data: ["x": "1"])
        #expect(ConfigChecksum.compute([("a", withBinary)]) != ConfigChecksum.compute([("a", plain)]))
    }
}
