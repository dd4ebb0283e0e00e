import Testing
@testable import KubeController

@Suite struct KubeControllerSmokeTests {
    @Test func moduleLinks() {
        #expect(String(describing: KubeControllerModule.self) == "KubeControllerModule")
    }
}
