import Foundation
import Testing

@testable import KubeModel

@Suite struct ProtobufReaderTests {
    func decode<T: ProtobufDecodable>(_ type: T.Type, _ bytes: [UInt8], interner: StringInterner? = nil) throws -> T {
        try bytes.withUnsafeBytes { try KubeProtobuf.decode(T.self, message: $0, interner: interner) }
    }

    func decodeError<T: ProtobufDecodable>(_ type: T.Type, _ bytes: [UInt8]) -> ProtobufDecodingError? {
        do {
            _ = try decode(T.self, bytes)
            return nil
        } catch {
            return error as? ProtobufDecodingError
        }
    }

    @Test func objectMetaFieldsAndUnknownFieldsSkipped() throws {
        var m = ProtobufTestEncoder()
        m.string(1, "web-0")
        m.fixed32(99, 7)  // unknown fields of every wire type are skipped
        m.fixed64(100, 8)
        m.int(101, -1)
        m.string(102, "ignored")
        m.string(3, "default")
        m.int(7, 0)  // generation: non-pointer omitempty, so 0 is absent in JSON
        m.int(10, 0)  // deletionGracePeriodSeconds: a pointer, so 0 stays
        m.message(8) { $0.int(1, 1_600_000_000); $0.int(2, 5) }
        m.message(9) { $0.int(1, -62_135_596_800) }  // Go's zero time
        m.message(11) { $0.string(1, "app"); $0.string(2, "web") }
        m.message(11) { $0.string(1, "tier"); $0.string(2, "") }
        m.string(14, "a")
        m.string(14, "b")
        m.string(15, "")
        let meta = try decode(ObjectMeta.self, m.bytes)
        #expect(meta == ObjectMeta(
            name: "web-0", namespace: "default", creationTimestamp: Time(secondsSinceEpoch: 1_600_000_000),
            deletionGracePeriodSeconds: 0, labels: ["app": "web", "tier": ""], finalizers: ["a", "b"]))
    }

    @Test func emptyTimeMessageIsNil() throws {
        var m = ProtobufTestEncoder()
        m.message(4) { _ in }
        m.message(7) { $0.string(1, #"{"f:metadata":{}}"#) }
        let entry = try decode(ManagedFieldsEntry.self, m.bytes)
        #expect(entry.time == nil)
        #expect(entry.fieldsV1?.json == #"{"f:metadata":{}}"#)
    }

    @Test func truncatedLengthIsAnError() throws {
        var m = ProtobufTestEncoder()
        m.tag(1, 2)
        m.varint(10)
        m.bytes += Array("abc".utf8)
        let error = try #require(decodeError(ObjectMeta.self, m.bytes))
        #expect(error.reason.contains("truncated"))
        #expect(error.reason.contains("10 bytes"))
        #expect(error.offset == 1)
        #expect(error.path == ["ObjectMeta"])
    }

    @Test func badVarints() throws {
        let tooLong: [UInt8] = [0x38] + Array(repeating: 0xFF, count: 10) + [0x01]
        #expect(try #require(decodeError(ObjectMeta.self, tooLong)).reason.contains("longer than 64 bits"))
        let cut: [UInt8] = [0x38, 0x80, 0x80]
        let error = try #require(decodeError(ObjectMeta.self, cut))
        #expect(error.reason.contains("truncated varint"))
        #expect(error.offset == 1)
    }

    @Test func wrongWireTypeNamesFieldAndPath() throws {
        var m = ProtobufTestEncoder()
        m.message(13) { o in o.int(3, 5) }  // ownerReferences[].name sent as a varint
        let error = try #require(decodeError(ObjectMeta.self, m.bytes))
        #expect(error.reason.contains("field 3 has wire type 0"))
        #expect(error.path == ["ObjectMeta", "field 13 (OwnerReference)"])
        #expect(error.description.contains("ObjectMeta > field 13 (OwnerReference)"))
    }

    @Test func groupsAndFieldZeroAreRejected() throws {
        #expect(try #require(decodeError(ObjectMeta.self, [0x63])).reason.contains("wire type 3"))
        #expect(try #require(decodeError(ObjectMeta.self, [0x02, 0x00])).reason.contains("invalid field number 0"))
    }

    /// A message that holds itself, for the depth limit.
    struct Nest: ProtobufDecodable {
        var depth = 0
        init(protobuf r: inout ProtobufReader) throws(ProtobufDecodingError) {
            while let f = try r.next() {
                if f == 1 { depth = try r.message(Nest.self).depth + 1 } else { try r.skip() }
            }
        }
    }

    func nested(_ levels: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<levels {
            var e = ProtobufTestEncoder()
            e.bytes(1, bytes)
            bytes = e.bytes
        }
        return bytes
    }

    @Test func depthLimit() throws {
        #expect(try decode(Nest.self, nested(ProtobufReader.maxDepth)).depth == ProtobufReader.maxDepth)
        let error = try #require(decodeError(Nest.self, nested(ProtobufReader.maxDepth + 1)))
        #expect(error.reason.contains("nested deeper than \(ProtobufReader.maxDepth)"))
    }

    @Test func valueTypes() throws {
        var m = ProtobufTestEncoder()
        m.message(1) { $0.string(1, "cpu"); $0.message(2) { $0.string(1, "250m") } }  // limits: map entries
        m.message(1) { $0.string(1, "memory"); $0.message(2) { $0.string(1, "64Mi") } }
        let req = try decode(CoreV1.ResourceRequirements.self, m.bytes)
        #expect(req.limits == ["cpu": try Quantity("250m"), "memory": try Quantity("64Mi")])

        var port = ProtobufTestEncoder()
        port.int(3, 80)
        port.message(4) { $0.int(1, 1); $0.string(3, "http") }  // targetPort
        port.string(2, "")  // protocol "" is omitempty: nil
        let p = try decode(CoreV1.ServicePort.self, port.bytes)
        #expect(p.port == 80)
        #expect(p.targetPort == .string("http"))
        #expect(p.protocol == nil)

        var secret = ProtobufTestEncoder()
        secret.message(2) { $0.string(1, "bin"); $0.bytes(2, [0, 255, 1]) }
        #expect(try decode(CoreV1.Secret.self, secret.bytes).data == ["bin": "AP8B"])
    }

    /// A 404 Status as kube-apiserver v1.20.2 sent it for `GET pods/nonexistent` with protobuf Accept.
    static let notFound = "6b3873000a0c0a027631120653746174757312570a060a0012001a0012074661696c7572651a1c706f647320226e6f6e6578697374656e7422206e6f7420666f756e6422084e6f74466f756e642a190a0b6e6f6e6578697374656e7412001a04706f6473280032003094031a002200"

    static func hex(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        var i = s.startIndex
        while i < s.endIndex {
            let j = s.index(i, offsetBy: 2)
            out.append(UInt8(s[i..<j], radix: 16)!)
            i = j
        }
        return out
    }

    @Test func recordedStatusEnvelope() throws {
        let bytes = Self.hex(Self.notFound)
        let status = try bytes.withUnsafeBytes { try KubeProtobuf.decode(Status.self, envelope: $0) }
        #expect(status == Status(
            apiVersion: "v1", kind: "Status", metadata: ListMeta(), status: "Failure",
            message: #"pods "nonexistent" not found"#, reason: "NotFound",
            details: StatusDetails(name: "nonexistent", kind: "pods"), code: 404))
    }

    @Test func envelopeWithoutMagic() throws {
        let error = try [UInt8]("{\"kind\":1}".utf8).withUnsafeBytes { b in
            try #require(throws: ProtobufDecodingError.self) { _ = try KubeProtobuf.unwrap(b) }
        }
        #expect(error.reason.contains("6b 38 73 00"))
    }

    @Test func watchEventFraming() throws {
        var cm = ProtobufTestEncoder()
        cm.message(1) { $0.string(1, "cm") }
        let object = cm.envelope(apiVersion: "v1", kind: "ConfigMap")
        var event = ProtobufTestEncoder()
        event.string(1, "ADDED")
        event.message(2) { $0.bytes(1, object) }
        try event.bytes.withUnsafeBytes { b in
            let (type, range) = try KubeProtobuf.watchEvent(b)
            #expect(type == "ADDED")
            let decoded = try KubeProtobuf.decode(CoreV1.ConfigMap.self, envelope: UnsafeRawBufferPointer(rebasing: b[range]))
            #expect(decoded == CoreV1.ConfigMap(apiVersion: "v1", kind: "ConfigMap", metadata: ObjectMeta(name: "cm")))
        }
    }

    @Test func internerSharesStorageAndStaysBounded() throws {
        let interner = StringInterner(capacity: 16)
        var m = ProtobufTestEncoder()
        let long = "registry.example.com/team/image:v1.2.3"
        m.message(11) { $0.string(1, "image"); $0.string(2, long) }
        let a = try decode(ObjectMeta.self, m.bytes, interner: interner)
        let b = try decode(ObjectMeta.self, m.bytes, interner: interner)
        #expect(a == b)
        var x = a.labels!["image"]!, y = b.labels!["image"]!
        let same = x.withUTF8 { p in y.withUTF8 { q in p.baseAddress == q.baseAddress } }
        #expect(same, "the second decode reuses the first string's buffer")
        #expect(interner.counters == (hits: 1, misses: 1))
        for i in 0..<1000 { _ = interner.intern("a-unique-value-number-\(i)") }
        #expect(interner.capacity == 16)
        #expect(interner.counters.misses == 1001)
        #expect(interner.intern("short") == "short")
    }

    @Test func jsonDecodeInternsManagedFieldsText() throws {
        let item = #"{"metadata":{"name":"NAME","managedFields":[{"manager":"m","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{}}}}]}}"#
        let json = #"{"kind":"ConfigMapList","apiVersion":"v1","metadata":{},"items":["#
            + item.replacingOccurrences(of: "NAME", with: "a") + "," + item.replacingOccurrences(of: "NAME", with: "b") + "]}"
        let interner = StringInterner()
        let list = try Array(json.utf8).withUnsafeBytes {
            try KubeJSON.decode(ObjectList<CoreV1.ConfigMap>.self, raw: $0, interner: interner)
        }
        #expect(interner.counters == (hits: 1, misses: 1))
        var x = try #require(list.items[0].metadata.managedFields?[0].fieldsV1?.json)
        var y = try #require(list.items[1].metadata.managedFields?[0].fieldsV1?.json)
        #expect(x == #"{"f:metadata":{"f:labels":{}}}"#)
        #expect(x.withUTF8 { p in y.withUTF8 { q in p.baseAddress == q.baseAddress } })
    }

    @Test func occurrencesCountTheRunOfTheCurrentField() throws {
        var m = ProtobufTestEncoder()
        m.string(2, "a")
        m.string(2, "bb")
        m.string(2, "ccc")
        m.int(3, 7)
        m.string(2, "late")  // after another field: not part of the run
        m.bytes.withUnsafeBytes { raw in
            var r = ProtobufReader(raw)
            #expect((try? r.next()) == 2)
            #expect(r.occurrencesFromHere() == 3)
        }
        // A truncated length ends the count early instead of reading past the message.
        var t = ProtobufTestEncoder()
        t.string(2, "a")
        t.tag(2, 2)
        t.varint(50)
        t.bytes.withUnsafeBytes { raw in
            var r = ProtobufReader(raw)
            #expect((try? r.next()) == 2)
            #expect(r.occurrencesFromHere() == 2)
        }
    }

    @Test func repeatedFieldsAndMapsAreSizedForTheirRun() throws {
        var m = ProtobufTestEncoder()
        for (key, value) in [("a", "1"), ("b", "2"), ("c", "3"), ("d", "4"), ("e", "5")] {
            m.message(11) { $0.string(1, key); $0.string(2, value) }
        }
        for finalizer in ["f1", "f2", "f3"] { m.string(14, finalizer) }
        let meta = try decode(ObjectMeta.self, m.bytes)
        #expect(meta.labels == ["a": "1", "b": "2", "c": "3", "d": "4", "e": "5"])
        #expect(meta.finalizers == ["f1", "f2", "f3"])
    }
}
