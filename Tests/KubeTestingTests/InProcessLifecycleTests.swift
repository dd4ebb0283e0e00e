import Foundation
import KubeClient
import KubeModel
import NIOHTTP1
import Testing
@testable import KubeTesting

@Suite(.timeLimit(.minutes(1))) struct InProcessLifecycleTests {
    static let configMaps = InProcessAPIServer.commonResources[2].0
    static let cms = "/api/v1/namespaces/ns1/configmaps"

    @Test func directAccessBehavesLikeHTTPAndReachesWatches() async throws {
        try await InProcessHarness.run { h in
            var w = try await h.watch(Self.cms + "?watch=1&resourceVersion=\(h.server.resourceVersion)")
            let created = try h.server.create(InProcessHarness.configMap("a"), resource: Self.configMaps, namespace: "ns1")
            #expect(try await w.nextEvent()?["object"] == created)
            #expect(try await h.get(Self.cms + "/a").json == created)

            var stale = created
            stale["metadata"]?["resourceVersion"] = "1"
            let conflict = #expect(throws: KubeAPIError.self) { try h.server.update(stale, resource: Self.configMaps) }
            #expect(conflict?.isConflict == true)
            let patched = try h.server.mergePatch(["data": ["k": "v"]], resource: Self.configMaps, namespace: "ns1", name: "a")
            #expect(patched["data"]?["k"] == "v")
            #expect(try h.server.list(resource: Self.configMaps).count == 1)
            try h.server.delete(resource: Self.configMaps, namespace: "ns1", name: "a")
            #expect(try await w.nextEvent()?["type"] == "MODIFIED")
            #expect(try await w.nextEvent()?["type"] == "DELETED")
            let missing = #expect(throws: KubeAPIError.self) {
                try h.server.get(resource: Self.configMaps, namespace: "ns1", name: "a")
            }
            #expect(missing?.isNotFound == true)
        }
    }

    @Test func slowWatcherIsClosedWhenItsBufferOverflows() async throws {
        try await InProcessHarness.run({ $0.watchBufferLimit = 2 }) { h in
            var w = try await h.watch(Self.cms + "?watch=1&resourceVersion=\(h.server.resourceVersion)")
            h.server.faults.stallWatches()
            for i in 0..<6 { try await h.create(Self.cms, InProcessHarness.configMap("c\(i)")) }
            #expect(h.server.openWatchCount == 0)
            h.server.faults.resumeWatches()
            var received = 0
            while try await w.nextEvent() != nil { received += 1 }
            #expect((2...3).contains(received))
        }
    }

    @Test func shutdownEndsOpenAndStalledWatches() async throws {
        try await InProcessHarness.run { h in
            var w1 = try await h.watch(Self.cms + "?watch=1&resourceVersion=\(h.server.resourceVersion)")
            _ = try await h.watch("/api/v1/pods?watch=1&resourceVersion=\(h.server.resourceVersion)")
            h.server.faults.stallWatches()
            try await h.create("/api/v1/namespaces/ns1/pods", ["metadata": ["name": "p"]])
            await h.server.shutdown()
            // The watch ends (abruptly: the connection closed without the final chunk).
            let line = try await w1.nextLine()
            #expect(line == .broken("") || line == .end)
        }
    }
}
