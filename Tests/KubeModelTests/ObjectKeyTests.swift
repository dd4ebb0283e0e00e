import Testing
import KubeModel

@Suite struct ObjectKeyTests {
    @Test func makeAndSplit() throws {
        #expect(ObjectKey.make(namespace: "ns", name: "a") == "ns/a")
        #expect(ObjectKey.make(namespace: nil, name: "a") == "a")
        #expect(ObjectKey.make(namespace: "", name: "a") == "a")
        let (ns, name) = try ObjectKey.split("ns/a")
        #expect(ns == "ns" && name == "a")
        let (ns2, name2) = try ObjectKey.split("a")
        #expect(ns2 == nil && name2 == "a")
        #expect(throws: ObjectKeyError.self) { try ObjectKey.split("a/b/c") }
        #expect(throws: ObjectKeyError.self) { try ObjectKey.split("ns/") }
        #expect(throws: ObjectKeyError.self) { try ObjectKey.split("") }
    }

    @Test func timeRoundTrip() throws {
        let t = try #require(Time(rfc3339: "2026-11-26T18:19:36Z"))
        #expect(t.rfc3339 == "2026-11-26T18:19:36Z")
        let m = try #require(MicroTime(rfc3339: "2026-11-26T18:05:02.123456Z"))
        #expect(m.rfc3339 == "2026-11-26T18:05:02.123456Z")
        #expect(Time(rfc3339: "1970-01-01T00:00:00Z")?.secondsSinceEpoch == 0)
        #expect(Time(rfc3339: "1970-01-01T01:00:00+01:00")?.secondsSinceEpoch == 0)
        #expect(Time(rfc3339: "2026-02-30T00:00:00Z") == nil)
        #expect(Time(rfc3339: "yesterday") == nil)
    }
}
