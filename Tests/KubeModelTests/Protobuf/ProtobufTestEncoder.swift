import Foundation

/// A tiny protobuf writer for tests: builds messages field by field.
struct ProtobufTestEncoder {
    var bytes: [UInt8] = []

    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func tag(_ field: Int, _ wireType: UInt8) { varint(UInt64(field) << 3 | UInt64(wireType)) }

    mutating func int(_ field: Int, _ value: Int64) {
        tag(field, 0)
        varint(UInt64(bitPattern: value))
    }

    mutating func bytes(_ field: Int, _ value: [UInt8]) {
        tag(field, 2)
        varint(UInt64(value.count))
        bytes += value
    }

    mutating func string(_ field: Int, _ value: String) { bytes(field, Array(value.utf8)) }

    mutating func message(_ field: Int, _ build: (inout ProtobufTestEncoder) -> Void) {
        var inner = ProtobufTestEncoder()
        build(&inner)
        bytes(field, inner.bytes)
    }

    mutating func fixed32(_ field: Int, _ value: UInt32) {
        tag(field, 5)
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    mutating func fixed64(_ field: Int, _ value: UInt64) {
        tag(field, 1)
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    /// The envelope (`k8s\0` + runtime.Unknown) around this message.
    func envelope(apiVersion: String, kind: String) -> [UInt8] {
        var e = ProtobufTestEncoder()
        e.message(1) { t in
            t.string(1, apiVersion)
            t.string(2, kind)
        }
        e.bytes(2, bytes)
        e.string(3, "")
        e.string(4, "")
        return [0x6B, 0x38, 0x73, 0x00] + e.bytes
    }
}
