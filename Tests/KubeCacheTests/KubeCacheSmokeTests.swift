import Testing
@testable import KubeCache

@Suite struct KubeCacheSmokeTests {
    @Test func moduleLinks() {
        #expect(String(describing: KubeCacheModule.self) == "KubeCacheModule")
    }
}
