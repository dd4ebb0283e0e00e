import Testing
import KubeModel
@testable import KubeClient

@Suite struct KubeAPIErrorTests {
    @Test func reasonFromStatusAndCode() {
        let e = KubeAPIError(status: Status(status: "Failure", message: "gone", reason: "Expired", code: 410))
        #expect(e.isGone && !e.isNotFound && e.code == 410)
        let e2 = KubeAPIError(status: Status(status: "Failure", message: "x"), httpCode: 404)
        #expect(e2.isNotFound && e2.reason == .notFound)
        let pods = ResourceDescriptor(group: "", version: "v1", kind: "Pod", plural: "pods", namespaced: true)
        #expect(KubeAPIError.notFound(pods, name: "a").message == "pods \"a\" not found")
    }
}
