import ArgumentParser
import Foundation
import KubeClient
import KubeModel
import KubeTesting
import Testing

@testable import KinformerCLI

/// `kinformer get --audit`, `record` and `soak`: parsing, and the first two against the real control plane.
@Suite(.timeLimit(.minutes(3))) struct ReliabilityCommandTests {
    @Test func parsesTheNewCommandsAndRejectsBadValues() throws {
        let get = try #require(try KinformerCommand.parseAsRoot(["get", "pods", "--audit"]) as? GetCommand)
        #expect(get.audit)
        #expect(try KinformerCommand.parseAsRoot(["record", "configmaps", "-o", "/tmp/x.jsonl"]) is RecordCommand)
        #expect(throws: (any Error).self) { try KinformerCommand.parseAsRoot(["record", "configmaps"]) }
        #expect(throws: (any Error).self) { try KinformerCommand.parseAsRoot(["record", "configmaps", "-o", "f", "--duration", "0"]) }
        #expect(try KinformerCommand.parseAsRoot(["soak", "--duration", "60"]) is SoakCommand)
        #expect(throws: (any Error).self) { try KinformerCommand.parseAsRoot(["soak", "--duration", "60", "--warm-up", "60"]) }
    }

    @Test func getAuditReportsNoDriftOnTheRealServer() async throws {
        let plane = try await ControlPlane.shared()
        let admin = try ClusterFixture.adminClient(plane)
        defer { Task { try await admin.shutdown() } }
        let ns = try await ClusterFixture.makeNamespace(admin)
        let maps = admin.resource(ClusterFixture.configMaps, namespace: ns)
        for name in ["a", "b"] {
            _ = try await maps.create(DynamicObject(apiVersion: "v1", kind: "ConfigMap", metadata: ObjectMeta(name: name)))
        }
        let runner = GetAuditRunner(
            connection: try ConnectionOptions.parse(["-n", ns, "--kubeconfig", plane.adminTokenKubeconfig]),
            resource: "configmaps", environment: ClusterFixture.isolatedEnvironment)
        let output = RecordingOutput()
        try await runner.run(output: output)
        #expect(output.lines.count == 1, "\(output.lines)")
        #expect(output.lines.first?.hasPrefix("audit of configmaps: no drift (server 2, cache 2") == true, "\(output.lines)")
    }

    @Test func recordWritesTheListAndEventsOfTheRealServer() async throws {
        let plane = try await ControlPlane.shared()
        let admin = try ClusterFixture.adminClient(plane)
        defer { Task { try await admin.shutdown() } }
        let ns = try await ClusterFixture.makeNamespace(admin)
        let maps = admin.resource(ClusterFixture.configMaps, namespace: ns)
        _ = try await maps.create(DynamicObject(apiVersion: "v1", kind: "ConfigMap", metadata: ObjectMeta(name: "before")))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("capture-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let runner = RecordRunner(
            connection: try ConnectionOptions.parse(["-n", ns, "--kubeconfig", plane.adminTokenKubeconfig]),
            resource: "configmaps", file: file, duration: 30, environment: ClusterFixture.isolatedEnvironment)
        let output = RecordingOutput()
        let recording = Task { try await runner.run(output: output) }
        // Wait for the list on disk, then make a change the watch must deliver.
        try await waitFor { ((try? WatchCapture(contentsOf: file))?.records.contains { $0.record == .list }) == true }
        _ = try await maps.create(DynamicObject(apiVersion: "v1", kind: "ConfigMap", metadata: ObjectMeta(name: "during")))
        try await waitFor { ((try? WatchCapture(contentsOf: file))?.eventCount ?? 0) >= 1 }
        recording.cancel()
        try await recording.value
        let capture = try WatchCapture(contentsOf: file)
        #expect(capture.namespace == ns)
        #expect(capture.resource.plural == "configmaps")
        let list = try #require(capture.records.first)
        #expect(list.record == .list && list.items?.count == 1)
        let event = try #require(capture.records.first { $0.record == .event && $0.type == "ADDED" })
        #expect(event.object?["metadata"]?["name"]?.stringValue == "during")
        #expect(event.resourceVersion?.isEmpty == false)
        #expect(output.diagnostics.last?.contains("recorded 1 list") == true, "\(output.diagnostics)")
    }

    struct TimedOut: Error {}

    /// Polls a condition (a file another task writes) for up to 30 s.
    private func waitFor(_ condition: () -> Bool) async throws {
        let end = ContinuousClock.now.advanced(by: .seconds(30))
        while !condition() {
            guard ContinuousClock.now < end else { throw TimedOut() }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
