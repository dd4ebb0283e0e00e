import Foundation
import Testing
import KubeModel

/// JSON decodes given an interner share repeated strings through it, as protobuf decodes do.
@Suite struct JSONInterningTests {
    static func pod(_ n: Int) -> String {
        #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a-rather-long-pod-name-\#(n)","#
            + #""uid":"0c6e8f2a-1111-4d2b-9a6e-00000000000\#(n)","labels":{"app.kubernetes.io/name":"a-long-label-value"}},"#
            + #""spec":{"containers":[{"name":"c","image":"registry.example.com/team/app:1.2.3"}]}}"#
    }

    static func decode(_ text: String, _ interner: StringInterner) throws -> CoreV1.Pod {
        var text = text
        return try text.withUTF8 { try KubeJSON.decode(CoreV1.Pod.self, raw: UnsafeRawBufferPointer($0), interner: interner) }
    }

    @Test func repeatedStringsComeFromTheTableButNamesAndUIDsDoNot() throws {
        let interner = StringInterner(capacity: 1024)
        let first = try Self.decode(Self.pod(1), interner)
        // The label key, the label value and the image are longer than 15 bytes; the name and
        // the uid are too, but are unique to their object and never looked up.
        #expect(interner.counters.misses == 3)
        #expect(interner.counters.hits == 0)
        let second = try Self.decode(Self.pod(2), interner)
        // The container repeats byte for byte, but is kept whole only from its second sighting
        // on (see MessageMemoTests): both decodes read it, and its image is looked up.
        #expect(interner.messageCounters == (hits: 0, misses: 2))
        #expect(interner.counters.hits == 3)
        #expect(interner.counters.misses == 3)
        #expect(second.metadata.name == "a-rather-long-pod-name-2")
        #expect(second.metadata.uid == "0c6e8f2a-1111-4d2b-9a6e-000000000002")
        #expect(second.metadata.labels == ["app.kubernetes.io/name": "a-long-label-value"])
        #expect(second.spec?.containers.first?.image == first.spec?.containers.first?.image)
        // The same values as without an interner.
        var text = Self.pod(2)
        let plain = try text.withUTF8 { try KubeJSON.decode(CoreV1.Pod.self, raw: UnsafeRawBufferPointer($0)) }
        #expect(plain == second)
    }
}
