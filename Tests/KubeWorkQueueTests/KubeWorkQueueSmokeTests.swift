import Testing
@testable import KubeWorkQueue

@Suite struct KubeWorkQueueSmokeTests {
    @Test func moduleLinks() {
        #expect(String(describing: KubeWorkQueueModule.self) == "KubeWorkQueueModule")
    }
}
