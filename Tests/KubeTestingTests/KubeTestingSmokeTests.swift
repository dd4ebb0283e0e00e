import Testing
@testable import KubeTesting

@Suite struct KubeTestingSmokeTests {
    @Test func moduleLinks() {
        #expect(String(describing: KubeTestingModule.self) == "KubeTestingModule")
    }
}
