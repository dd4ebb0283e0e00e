import Foundation
import KubeModel
import NIOHTTP1
import Testing
@testable import KubeTesting

@Suite struct InProcessListTests {
    static let cms = "/api/v1/namespaces/ns1/configmaps"

    @Test func paginationServesAConsistentSnapshot() async throws {
        try await InProcessHarness.run { h in
            for i in 0..<5 { try await h.create(Self.cms, InProcessHarness.configMap("c\(i)")) }
            let first = try await h.get(Self.cms + "?limit=2")
            #expect(first.json["items"]?.arrayValue?.map { $0.name ?? "<no name>" } == ["c0", "c1"])
            #expect(first.json["metadata"]?["remainingItemCount"] == 3)
            let token = try #require(first.json["metadata"]?["continue"]?.stringValue)
            let listRV = first.json["metadata"]?["resourceVersion"]

            // Changes after the first page do not show up in later pages.
            try await h.create(Self.cms, InProcessHarness.configMap("c5"))
            _ = try await h.send(.DELETE, Self.cms + "/c3")

            let second = try await h.get(Self.cms + "?limit=2&continue=\(token)")
            #expect(second.json["items"]?.arrayValue?.map { $0.name ?? "<no name>" } == ["c2", "c3"])
            #expect(second.json["metadata"]?["remainingItemCount"] == 1)
            #expect(second.json["metadata"]?["resourceVersion"] == listRV)
            let token2 = try #require(second.json["metadata"]?["continue"]?.stringValue)
            let third = try await h.get(Self.cms + "?limit=2&continue=\(token2)")
            #expect(third.json["items"]?.arrayValue?.map { $0.name ?? "<no name>" } == ["c4"])
            #expect(third.json["metadata"]?["continue"] == nil)
            #expect(third.json["metadata"]?["remainingItemCount"] == nil)

            let all = try await h.get(Self.cms)
            #expect(all.json["items"]?.arrayValue?.map { $0.name ?? "<no name>" } == ["c0", "c1", "c2", "c4", "c5"])
            #expect(all.json["kind"] == "ConfigMapList")
            #expect(Int64(all.json["metadata"]?["resourceVersion"]?.stringValue ?? "") == Int64(h.server.resourceVersion))

            let bad = try await h.get(Self.cms + "?limit=2&continue=garbage!")
            #expect(bad.code == 400)
        }
    }

    @Test func expiredContinueTokenAfterCompaction() async throws {
        try await InProcessHarness.run { h in
            for i in 0..<3 { try await h.create(Self.cms, InProcessHarness.configMap("c\(i)")) }
            let first = try await h.get(Self.cms + "?limit=1")
            let token = try #require(first.json["metadata"]?["continue"]?.stringValue)
            try await h.create(Self.cms, InProcessHarness.configMap("later"))
            h.server.faults.compactHistory()
            let r = try await h.get(Self.cms + "?limit=1&continue=\(token)")
            #expect(r.code == 410)
            #expect(r.json["reason"] == "Expired")
            #expect(r.json["kind"] == "Status")
        }
    }

    @Test func labelAndFieldSelectors() async throws {
        try await InProcessHarness.run { h in
            let specs: [(String, String, [String: String])] = [
                ("ns1", "a", ["app": "web", "tier": "front"]),
                ("ns1", "b", ["app": "db"]),
                ("ns2", "c", ["app": "web"]),
                ("ns2", "d", [:]),
            ]
            for (ns, name, labels) in specs {
                try await h.create("/api/v1/namespaces/\(ns)/configmaps", InProcessHarness.configMap(name, labels: labels))
            }
            func names(_ query: String) async throws -> [String] {
                let r = try await h.get("/api/v1/configmaps?" + query)
                #expect(r.code == 200)
                return r.json["items"]?.arrayValue?.map { $0.name ?? "<no name>" } ?? []
            }
            func q(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s }
            #expect(try await names("") == ["a", "b", "c", "d"])
            #expect(try await names("labelSelector=" + q("app=web")) == ["a", "c"])
            #expect(try await names("labelSelector=" + q("app==web,tier")) == ["a"])
            #expect(try await names("labelSelector=" + q("app!=web")) == ["b", "d"])
            #expect(try await names("labelSelector=" + q("app in (db, web)")) == ["a", "b", "c"])
            #expect(try await names("labelSelector=" + q("app notin (web)")) == ["b", "d"])
            #expect(try await names("labelSelector=" + q("!app")) == ["d"])
            #expect(try await names("labelSelector=" + q("app,!tier")) == ["b", "c"])
            #expect(try await names("fieldSelector=" + q("metadata.name=b")) == ["b"])
            #expect(try await names("fieldSelector=" + q("metadata.namespace!=ns1")) == ["c", "d"])
            #expect(try await names("fieldSelector=" + q("metadata.namespace==ns2,metadata.name!=c")) == ["d"])
            let ns2 = try await h.get("/api/v1/namespaces/ns2/configmaps")
            #expect(ns2.json["items"]?.arrayValue?.map { $0.name ?? "<no name>" } == ["c", "d"])

            let badField = try await h.get("/api/v1/configmaps?fieldSelector=" + q("spec.x=1"))
            #expect(badField.code == 400)
            let badLabel = try await h.get("/api/v1/configmaps?labelSelector=" + q("app in (web"))
            #expect(badLabel.code == 400)
        }
    }

    @Test func unknownPathsAnswerWithStatus() async throws {
        try await InProcessHarness.run { h in
            let r = try await h.get("/api/v1/nothings")
            #expect(r.code == 404)
            #expect(r.json["kind"] == "Status")
            #expect(r.json["reason"] == "NotFound")
        }
    }
}
