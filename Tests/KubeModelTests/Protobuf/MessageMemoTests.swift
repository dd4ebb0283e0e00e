import Foundation
import Testing
@testable import KubeModel

/// Decodes with an interner keep the messages that repeat across objects (``MessageMemo``):
/// a message is kept at its second sighting, and from the third on it is a copy of that decode,
/// equal to what a decode without the table gives.
@Suite struct MessageMemoTests {
    static func podSpec(containers: [String], image: String = "registry.example.com/team/app:1.2.3",
                        toleration: String? = nil, args: [String] = []) -> [UInt8] {
        var spec = ProtobufTestEncoder()
        for name in containers {
            spec.message(2) { c in
                c.string(1, name)
                if !image.isEmpty { c.string(2, image) }
                for arg in args { c.string(4, arg) }
            }
        }
        if let toleration { spec.message(22) { $0.string(1, toleration) } }
        return spec.bytes
    }

    static func decode(_ bytes: [UInt8], _ interner: StringInterner?) throws -> CoreV1.PodSpec {
        try bytes.withUnsafeBytes { try KubeProtobuf.decode(CoreV1.PodSpec.self, message: $0, interner: interner) }
    }

    @Test func aRepeatedProtobufMessageIsKeptAndEqualsAPlainDecode() throws {
        let interner = StringInterner(capacity: 1024)
        let bytes = Self.podSpec(containers: ["web", "sidecar"])
        let first = try Self.decode(bytes, interner)
        #expect(interner.messageCounters == (hits: 0, misses: 2), "first sighting: only noted")
        _ = try Self.decode(bytes, interner)
        #expect(interner.messageCounters == (hits: 0, misses: 4), "second sighting: decoded and kept")
        let third = try Self.decode(bytes, interner)
        #expect(interner.messageCounters == (hits: 2, misses: 4))
        #expect(third == first)
        #expect(third == (try Self.decode(bytes, nil)))
        #expect(third.containers.map(\.name) == ["web", "sidecar"])

        // A container that differs in one byte in its middle is decoded, not taken for the other.
        let other = try Self.decode(Self.podSpec(containers: ["web"], image: "registry.example.com/team/app:1.2.4"), interner)
        #expect(other.containers.first?.image == "registry.example.com/team/app:1.2.4")
        #expect(interner.messageCounters.misses == 5)
    }

    @Test func changingADecodedCopyLeavesTheKeptValueAlone() throws {
        let interner = StringInterner(capacity: 1024)
        let bytes = Self.podSpec(containers: ["web"], args: ["--a"])
        _ = try Self.decode(bytes, interner)
        var kept = try Self.decode(bytes, interner)
        kept.containers[0].args?.append("--b")
        kept.containers[0].image = "changed"
        let copy = try Self.decode(bytes, interner)
        #expect(interner.messageCounters.hits == 1)
        #expect(copy.containers[0].args == ["--a"])
        #expect(copy.containers[0].image == "registry.example.com/team/app:1.2.3")
    }

    @Test func equalBytesOfDifferentTypesAreKeptApart() throws {
        let interner = StringInterner(capacity: 1024)
        // The container {1: "same-bytes"} and the toleration {1: "same-bytes"} have equal bytes.
        let bytes = Self.podSpec(containers: ["same-bytes"], image: "", toleration: "same-bytes")
        for _ in 0..<3 {
            let spec = try Self.decode(bytes, interner)
            #expect(spec.containers.first?.name == "same-bytes")
            #expect(spec.tolerations?.first?.key == "same-bytes")
        }
        #expect(interner.messageCounters == (hits: 2, misses: 4))
    }

    @Test func messagesPastTheSizeLimitAreNeverKept() throws {
        let interner = StringInterner(capacity: 1024)
        let long = String(repeating: "x", count: MessageMemo.maxBytes)
        let bytes = Self.podSpec(containers: ["big"], args: [long])
        for _ in 0..<3 {
            let spec = try Self.decode(bytes, interner)
            #expect(spec.containers.first?.args == [long])
        }
        #expect(interner.messageCounters == (hits: 0, misses: 0))
    }

    @Test func withoutAnInternerNothingIsKept() throws {
        let bytes = Self.podSpec(containers: ["web"])
        #expect(try Self.decode(bytes, nil) == (try Self.decode(bytes, nil)))
    }

    static func jsonPod(_ name: String, spaced: Bool = false) -> [UInt8] {
        let container = spaced
            ? #"{ "name": "web", "image": "registry.example.com/team/app:1.2.3", "args": ["--a", "--b"] }"#
            : #"{"name":"web","image":"registry.example.com/team/app:1.2.3","args":["--a","--b"]}"#
        return Array((#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"\#(name)"},"spec":{"containers":["#
            + container + #"],"tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists"}]}}"#).utf8)
    }

    static func decodeJSON(_ bytes: [UInt8], _ interner: StringInterner?) throws -> CoreV1.Pod {
        try bytes.withUnsafeBytes { raw in
            if let interner { return try KubeJSON.decode(CoreV1.Pod.self, raw: raw, interner: interner) }
            return try KubeJSON.decode(CoreV1.Pod.self, raw: raw)
        }
    }

    @Test func aRepeatedJSONMessageIsKeptAndEqualsAPlainDecode() throws {
        let interner = StringInterner(capacity: 1024)
        _ = try Self.decodeJSON(Self.jsonPod("a"), interner)
        _ = try Self.decodeJSON(Self.jsonPod("b"), interner)
        #expect(interner.messageCounters == (hits: 0, misses: 4))
        let third = try Self.decodeJSON(Self.jsonPod("c"), interner)
        #expect(interner.messageCounters == (hits: 2, misses: 4))
        #expect(third == (try Self.decodeJSON(Self.jsonPod("c"), nil)))
        #expect(third.metadata.name == "c")
        #expect(third.spec?.containers.first?.args == ["--a", "--b"])
        #expect(third.spec?.tolerations?.first?.key == "node.kubernetes.io/not-ready")
    }

    @Test func jsonWithWhitespaceIsDecodedAsUsual() throws {
        let interner = StringInterner(capacity: 1024)
        for name in ["a", "b", "c"] {
            let pod = try Self.decodeJSON(Self.jsonPod(name, spaced: true), interner)
            #expect(pod == (try Self.decodeJSON(Self.jsonPod(name, spaced: true), nil)))
            #expect(pod.spec?.containers.first?.image == "registry.example.com/team/app:1.2.3")
        }
        #expect(interner.messageCounters == (hits: 0, misses: 0))
    }

    @Test func theHashSeesEveryByte() {
        var a = [UInt8](repeating: 7, count: 300)
        var b = a
        b[150] = 8
        let ha = a.withUnsafeBytes { MessageMemo.hash($0) }
        let hb = b.withUnsafeBytes { MessageMemo.hash($0) }
        #expect(ha != hb)
        a[299] = 9
        #expect(a.withUnsafeBytes { MessageMemo.hash($0) } != ha)
    }
}
