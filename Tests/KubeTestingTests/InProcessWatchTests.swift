import Foundation
import KubeModel
import NIOHTTP1
import Testing
@testable import KubeTesting

@Suite struct InProcessWatchTests {
    static let cms = "/api/v1/namespaces/ns1/configmaps"

    @Test func watchFromResourceVersionReplaysInOrderThenLive() async throws {
        try await InProcessHarness.run { h in
            let a = try await h.create(Self.cms, InProcessHarness.configMap("a"))
            try await h.create(Self.cms, InProcessHarness.configMap("b"))
            try await h.create("/api/v1/namespaces/other/configmaps", InProcessHarness.configMap("elsewhere"))
            var w = try await h.watch(Self.cms + "?watch=1&resourceVersion=\(a.rv)")
            #expect(w.code == 200)
            let b = try #require(try await w.nextEvent())
            #expect(b["type"] == "ADDED")
            #expect(b["object"]?.name == "b")

            var updated = try await h.get(Self.cms + "/a").json
            updated["data"] = ["k": "v"]
            _ = try await h.send(.PUT, Self.cms + "/a", body: updated)
            _ = try await h.send(.DELETE, Self.cms + "/b")
            let m = try #require(try await w.nextEvent())
            let d = try #require(try await w.nextEvent())
            #expect(m["type"] == "MODIFIED")
            #expect(m["object"]?.name == "a")
            #expect(d["type"] == "DELETED")
            #expect(d["object"]?.name == "b")
            let rvs = [b, m, d].compactMap { $0["object"]?.rv }
            #expect(rvs == rvs.sorted() && Set(rvs).count == 3)
            #expect(d["object"]?.rv == Int64(h.server.resourceVersion))
        }
    }

    @Test func manyWritesArriveWithoutGaps() async throws {
        try await InProcessHarness.run { h in
            let start = Int64(h.server.resourceVersion)!
            var w = try await h.watch("/api/v1/configmaps?watch=true&resourceVersion=\(start)")
            for i in 0..<50 { try await h.create(Self.cms, InProcessHarness.configMap("c\(i)")) }
            var seen: [Int64] = []
            while seen.count < 50, let e = try await w.nextEvent() { seen.append(e["object"]?.rv ?? -1) }
            #expect(seen == Array((start + 1)...(start + 50)))
        }
    }

    @Test func watchFromZeroSendsSyntheticAddsThenLive() async throws {
        try await InProcessHarness.run { h in
            for n in ["x", "y"] { try await h.create(Self.cms, InProcessHarness.configMap(n)) }
            var w = try await h.watch(Self.cms + "?watch=1&resourceVersion=0")
            let e1 = try #require(try await w.nextEvent())
            let e2 = try #require(try await w.nextEvent())
            #expect([e1, e2].map { $0["type"] } == ["ADDED", "ADDED"])
            #expect([e1, e2].compactMap { $0["object"]?.name } == ["x", "y"])
            try await h.create(Self.cms, InProcessHarness.configMap("z"))
            let e3 = try #require(try await w.nextEvent())
            #expect(e3["type"] == "ADDED")
            #expect(e3["object"]?.name == "z")
        }
    }

    @Test func bookmarksCarryTheCurrentResourceVersion() async throws {
        try await InProcessHarness.run({ $0.bookmarkInterval = .milliseconds(20) }) { h in
            try await h.create(Self.cms, InProcessHarness.configMap("a"))
            let rv = h.server.resourceVersion
            var w = try await h.watch(Self.cms + "?watch=1&allowWatchBookmarks=true&resourceVersion=\(rv)")
            let e = try #require(try await w.nextEvent())
            #expect(e["type"] == "BOOKMARK")
            #expect(e["object"]?["metadata"]?["resourceVersion"]?.stringValue == rv)
            #expect(e["object"]?["kind"] == "ConfigMap")
            #expect(e["object"]?["metadata"]?["annotations"] == nil)
        }
    }

    @Test func timeoutSecondsEndsTheWatchCleanly() async throws {
        try await InProcessHarness.run { h in
            var w = try await h.watch(Self.cms + "?watch=1&timeoutSeconds=1&resourceVersion=\(h.server.resourceVersion)")
            #expect(try await w.nextLine() == .end)
        }
    }

    @Test func sendInitialEventsEndsWithAnnotatedBookmark() async throws {
        try await InProcessHarness.run { h in
            for n in ["a", "b"] { try await h.create(Self.cms, InProcessHarness.configMap(n)) }
            let rv = h.server.resourceVersion
            var w = try await h.watch(
                Self.cms + "?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true")
            let a = try #require(try await w.nextEvent())
            let b = try #require(try await w.nextEvent())
            let end = try #require(try await w.nextEvent())
            #expect([a, b].compactMap { $0["object"]?.name } == ["a", "b"])
            #expect(end["type"] == "BOOKMARK")
            #expect(end["object"]?["metadata"]?["annotations"]?["k8s.io/initial-events-end"] == "true")
            #expect(end["object"]?["metadata"]?["resourceVersion"]?.stringValue == rv)

            let invalid = try await h.get(Self.cms + "?watch=1&sendInitialEvents=true&allowWatchBookmarks=true")
            #expect(invalid.code == 422)
        }
    }

    @Test func olderServerIgnoresSendInitialEvents() async throws {
        try await InProcessHarness.run({ $0.supportsStreamingLists = false }) { h in
            try await h.create(Self.cms, InProcessHarness.configMap("a"))
            var w = try await h.watch(
                Self.cms + "?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true")
            let a = try #require(try await w.nextEvent())
            #expect(a["type"] == "ADDED")
            try await h.create(Self.cms, InProcessHarness.configMap("b"))
            let b = try #require(try await w.nextNonBookmark())
            #expect(b["object"]?.name == "b")
        }
    }

    @Test func watchFromCompactedResourceVersionGets410Event() async throws {
        try await InProcessHarness.run { h in
            let a = try await h.create(Self.cms, InProcessHarness.configMap("a"))
            try await h.create(Self.cms, InProcessHarness.configMap("b"))
            h.server.faults.compactHistory()
            #expect(h.server.faults.count(.compaction) == 1)
            var w = try await h.watch(Self.cms + "?watch=1&resourceVersion=\(a.rv)")
            #expect(w.code == 200)
            let e = try #require(try await w.nextEvent())
            Self.expectExpired(e)
            #expect(try await w.nextLine() == .end)

            // The current resourceVersion is still watchable.
            var ok = try await h.watch(Self.cms + "?watch=1&resourceVersion=\(h.server.resourceVersion)")
            try await h.create(Self.cms, InProcessHarness.configMap("c"))
            #expect(try await ok.nextEvent()?["type"] == "ADDED")
        }
    }

    @Test func watchBeyondHistoryWindowGets410Event() async throws {
        try await InProcessHarness.run({ $0.historyLimit = 3 }) { h in
            let first = try await h.create(Self.cms, InProcessHarness.configMap("c0"))
            for i in 1..<5 { try await h.create(Self.cms, InProcessHarness.configMap("c\(i)")) }
            var w = try await h.watch(Self.cms + "?watch=1&resourceVersion=\(first.rv)")
            Self.expectExpired(try #require(try await w.nextEvent()))

            // Within the window: the last three events replay.
            var recent = try await h.watch(Self.cms + "?watch=1&resourceVersion=\(first.rv + 1)")
            var names: [String] = []
            for _ in 0..<3 { names.append(try await recent.nextEvent()?["object"]?.name ?? "?") }
            #expect(names == ["c2", "c3", "c4"])
        }
    }

    @Test func selectorWatchSeesObjectsLeaveAndEnter() async throws {
        try await InProcessHarness.run { h in
            let a = try await h.create(Self.cms, InProcessHarness.configMap("a", labels: ["app": "web"]))
            var w = try await h.watch(Self.cms + "?watch=1&labelSelector=app%3Dweb&resourceVersion=\(a.rv)")
            var moved = a
            moved["metadata"]?["labels"] = ["app": "db"]
            moved = try await h.send(.PUT, Self.cms + "/a", body: moved).json
            try await h.create(Self.cms, InProcessHarness.configMap("other", labels: ["app": "db"]))
            moved["metadata"]?["labels"] = ["app": "web"]
            _ = try await h.send(.PUT, Self.cms + "/a", body: moved)
            let left = try #require(try await w.nextEvent())
            let back = try #require(try await w.nextEvent())
            #expect(left["type"] == "DELETED")
            #expect(back["type"] == "ADDED")
            #expect(back["object"]?.name == "a")
        }
    }

    @Test func watchOneObjectByNameAndMetadataOnly() async throws {
        try await InProcessHarness.run { h in
            let rv = h.server.resourceVersion
            var w = try await h.watch(
                Self.cms + "/b?watch=1&resourceVersion=\(rv)",
                headers: [("Accept", "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1")])
            try await h.create(Self.cms, InProcessHarness.configMap("a", data: ["k": "v"]))
            try await h.create(Self.cms, InProcessHarness.configMap("b", data: ["k": "v"]))
            let e = try #require(try await w.nextEvent())
            #expect(e["object"]?.name == "b")
            #expect(e["object"]?["kind"] == "PartialObjectMetadata")
            #expect(e["object"]?["data"] == nil)
        }
    }

    static func expectExpired(_ e: JSONValue) {
        #expect(e["type"] == "ERROR")
        #expect(e["object"]?["kind"] == "Status")
        #expect(e["object"]?["code"] == 410)
        #expect(e["object"]?["reason"] == "Expired")
        #expect(e["object"]?["message"]?.stringValue?.hasPrefix("too old resource version") == true)
    }
}
