import Foundation
import KubeModel
import NIOHTTP1
import Testing
@testable import KubeTesting

@Suite struct InProcessFaultTests {
    static let cms = "/api/v1/namespaces/ns1/configmaps"

    @Test func dropWatchesClosesThemCleanly() async throws {
        try await InProcessHarness.run { h in
            var w1 = try await h.watch(Self.cms + "?watch=1&resourceVersion=\(h.server.resourceVersion)")
            var w2 = try await h.watch("/api/v1/pods?watch=1&resourceVersion=\(h.server.resourceVersion)")
            #expect(h.server.faults.dropWatches() == 2)
            #expect(try await w1.nextLine() == .end)
            #expect(try await w2.nextLine() == .end)
            #expect(h.server.faults.count(.dropWatch) == 2)
        }
    }

    @Test func closeWatchMidLineLeavesAPartialLine() async throws {
        try await InProcessHarness.run { h in
            var w = try await h.watch(Self.cms + "?watch=1&resourceVersion=\(h.server.resourceVersion)")
            #expect(h.server.faults.closeWatchesMidLine() == 1)
            let line = try await w.nextLine()
            #expect(line == .broken("{\"type\":\"MODIFIED\",\"object\":{\"kind\":\""))
            #expect(h.server.faults.count(.truncateWatch) == 1)
            // The server keeps serving.
            #expect(try await h.get("/healthz").code == 200)
        }
    }

    @Test func cutTheNextRealEventMidLineThenResume() async throws {
        try await InProcessHarness.run { h in
            let rv = h.server.resourceVersion
            var w = try await h.watch(Self.cms + "?watch=1&resourceVersion=\(rv)")
            #expect(h.server.faults.closeWatchesMidLine(atNextEvent: true) == 1)
            try await h.create(Self.cms, InProcessHarness.configMap("a"))
            guard case .broken(let text) = try await w.nextLine() else {
                Issue.record("expected the connection to break mid-line")
                return
            }
            #expect(text.hasPrefix("{\"type\":\"ADDED\",\"object\":{"))
            #expect(!text.contains("\n"))
            // Resuming from the last resourceVersion seen delivers the event that was cut.
            var again = try await h.watch(Self.cms + "?watch=1&resourceVersion=\(rv)")
            #expect(try await again.nextEvent()?["object"]?.name == "a")
        }
    }

    @Test func malformedLineThenNormalEvents() async throws {
        try await InProcessHarness.run { h in
            var w = try await h.watch(Self.cms + "?watch=1&resourceVersion=\(h.server.resourceVersion)")
            #expect(h.server.faults.sendMalformedEvent() == 1)
            try await h.create(Self.cms, InProcessHarness.configMap("a"))
            guard case .line(let bad) = try await w.nextLine() else {
                Issue.record("expected a line")
                return
            }
            #expect((try? JSONDecoder().decode(JSONValue.self, from: Data(bad.utf8))) == nil)
            #expect(try await w.nextEvent()?["object"]?.name == "a")
            #expect(h.server.faults.count(.malformedEvent) == 1)
        }
    }

    @Test func scriptedErrorResponses() async throws {
        try await InProcessHarness.run { h in
            let faults = h.server.faults
            faults.failNextRequests(2, with: .tooManyRequests(retryAfterSeconds: 3), matching: .init(verb: "list"))
            #expect(try await h.get(Self.cms + "/missing").code == 404)  // a get: not matched
            let r1 = try await h.get(Self.cms)
            #expect(r1.code == 429)
            #expect(r1.headers.first(name: "Retry-After") == "3")
            #expect(r1.json["reason"] == "TooManyRequests")
            #expect(r1.json["details"]?["retryAfterSeconds"] == 3)
            #expect(try await h.get(Self.cms).code == 429)
            #expect(try await h.get(Self.cms).code == 200)

            faults.failNextRequests(1, with: .internalError, matching: .init(pathContains: "/configmaps"))
            faults.failNextRequests(1, with: .serviceUnavailable)
            let e500 = try await h.send(.POST, Self.cms, body: InProcessHarness.configMap("a"))
            #expect(e500.code == 500)
            #expect(e500.json["reason"] == "InternalError")
            let e503 = try await h.get("/api/v1/pods")
            #expect(e503.code == 503)
            #expect(e503.json["reason"] == "ServiceUnavailable")
            #expect(faults.count(.errorResponse) == 4)
            #expect(h.server.requestCount(verb: "list", resource: "configmaps") == 3)
            #expect(h.server.requests.filter { $0.code == 429 }.count == 2)
        }
    }

    @Test func latencyIsCountedPerMatchingRequest() async throws {
        try await InProcessHarness.run { h in
            h.server.faults.setLatency(.milliseconds(5), matching: .init(verb: "get"))
            _ = try await h.get(Self.cms + "/x")
            _ = try await h.get(Self.cms)
            h.server.faults.setLatency(nil)
            _ = try await h.get(Self.cms + "/x")
            #expect(h.server.faults.count(.latency) == 1)
        }
    }

    @Test func stalledWatchesDeliverEverythingInOrderAfterResume() async throws {
        try await InProcessHarness.run { h in
            var w = try await h.watch(Self.cms + "?watch=1&resourceVersion=\(h.server.resourceVersion)")
            h.server.faults.stallWatches()
            for n in ["a", "b", "c"] { try await h.create(Self.cms, InProcessHarness.configMap(n)) }
            #expect(h.server.faults.count(.stall) == 1)
            h.server.faults.resumeWatches()
            var names: [String] = []
            for _ in 0..<3 { names.append(try await w.nextEvent()?["object"]?.name ?? "?") }
            #expect(names == ["a", "b", "c"])
        }
    }

    @Test func bearerTokenAndKubeconfig() async throws {
        try await InProcessHarness.run({ $0.bearerToken = "s3cret" }) { h in
            let denied = try await h.get("/api/v1/pods")
            #expect(denied.code == 401)
            #expect(denied.json["reason"] == "Unauthorized")
            #expect(try await h.get("/api/v1/pods", headers: [("Authorization", "Bearer s3cret")]).code == 200)

            let yaml = h.server.kubeconfig()
            #expect(yaml.contains("server: http://127.0.0.1:\(h.server.port)"))
            #expect(yaml.contains("token: s3cret"))
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("kinformer-\(UUID())/config").path
            try h.server.writeKubeconfig(to: path)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == yaml)
        }
    }

    @Test func reflectorStyleRelistIsVisibleInTheRequestLog() async throws {
        try await InProcessHarness.run { h in
            let list = try await h.get(Self.cms + "?resourceVersion=0")
            let rv = list.json["metadata"]?["resourceVersion"]?.stringValue ?? ""
            try await h.create(Self.cms, InProcessHarness.configMap("a"))
            h.server.faults.compactHistory()
            var w = try await h.watch(Self.cms + "?watch=1&resourceVersion=\(rv)")
            InProcessWatchTests.expectExpired(try #require(try await w.nextEvent()))
            _ = try await h.get(Self.cms)
            #expect(h.server.requestCount(verb: "list", resource: "configmaps") == 2)
            #expect(h.server.requestCount(verb: "watch") == 1)
            #expect(h.server.requestCountsByVerb == ["list": 2, "watch": 1, "create": 1])
            h.server.clearRequestLog()
            #expect(h.server.requests.isEmpty)
        }
    }
}
