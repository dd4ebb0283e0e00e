import FastJSON
import Foundation

/// Kubernetes' protobuf encoding of built-in types (`application/vnd.kubernetes.protobuf`).
///
/// A response body (and each watch event's object) is an envelope: the 4 bytes `k8s\0`, then a
/// `runtime.Unknown` message {typeMeta = 1 {apiVersion = 1, kind = 2}, raw = 2,
/// contentEncoding = 3, contentType = 4} whose `raw` is the object's own message (without its
/// apiVersion and kind, which only the envelope has). Custom resources are never protobuf.
public enum KubeProtobuf {
    public static let contentType = "application/vnd.kubernetes.protobuf"
    /// The prefix of every envelope.
    package static let magic: [UInt8] = [0x6B, 0x38, 0x73, 0x00]

    /// Decodes a whole response or watch-event object: the envelope and the message in it. The
    /// object (or list) gets the envelope's apiVersion and kind, as its JSON form has them.
    package static func decode<T: ProtobufDecodable>(
        _ type: T.Type, envelope: UnsafeRawBufferPointer, interner: StringInterner? = nil
    ) throws(ProtobufDecodingError) -> T {
        let (apiVersion, kind, raw) = try unwrap(envelope)
        return try run(T.self, envelope, raw, (apiVersion, kind), interner)
    }

    /// Decodes a bare message, e.g. one list item's bytes.
    package static func decode<T: ProtobufDecodable>(
        _ type: T.Type, message: UnsafeRawBufferPointer, interner: StringInterner? = nil
    ) throws(ProtobufDecodingError) -> T {
        try run(T.self, message, 0..<message.count, nil, interner)
    }

    private static func run<T: ProtobufDecodable>(
        _ type: T.Type, _ bytes: UnsafeRawBufferPointer, _ range: Range<Int>,
        _ typeMeta: (apiVersion: String, kind: String)?, _ interner: StringInterner?
    ) throws(ProtobufDecodingError) -> T {
        let slice = UnsafeRawBufferPointer(rebasing: bytes[range])
        func body(_ table: UnsafeMutablePointer<StringInterner.Table>?) throws(ProtobufDecodingError) -> T {
            func decode(_ meta: UnsafePointer<(apiVersion: String, kind: String)>?) throws(ProtobufDecodingError) -> T {
                var reader = ProtobufReader(slice, interner: table)
                reader.typeMetaPointer = meta
                do {
                    return try T(protobuf: &reader)
                } catch {
                    var e = error.inside("\(T.self)")
                    e.offset += range.lowerBound
                    throw e
                }
            }
            guard let typeMeta else { return try decode(nil) }
            return try withUnsafePointer(to: typeMeta) { (p) throws(ProtobufDecodingError) -> T in try decode(p) }
        }
        guard let interner else { return try body(nil) }
        return try interner.withTable { (t) throws(ProtobufDecodingError) -> T in try body(t) }
    }

    /// The envelope's apiVersion, kind and the byte range of its raw message.
    package static func unwrap(
        _ envelope: UnsafeRawBufferPointer
    ) throws(ProtobufDecodingError) -> (apiVersion: String, kind: String, raw: Range<Int>) {
        guard envelope.count >= 4, envelope.starts(with: magic) else {
            let head = envelope.prefix(8).map { String($0, radix: 16) }.joined(separator: " ")
            throw ProtobufDecodingError(
                "no Kubernetes protobuf envelope: the body does not start with the bytes 6b 38 73 00 (\"k8s\\0\"), but with [\(head)]",
                at: 0, path: ["runtime.Unknown"])
        }
        var r = ProtobufReader(envelope)
        var apiVersion = ""
        var kind = ""
        var raw: Range<Int>?
        do throws(ProtobufDecodingError) {
            try r.skipBytes(4)
            while let f = try r.next() {
                switch f {
                case 1:
                    (apiVersion, kind) = try r.nested("TypeMeta") { (t: inout ProtobufReader) throws(ProtobufDecodingError) in
                        var v = ""
                        var k = ""
                        while let g = try t.next() {
                            switch g {
                            case 1: v = try t.string()
                            case 2: k = try t.string()
                            default: try t.skip()
                            }
                        }
                        return (v, k)
                    }
                case 2: raw = try r.lengthDelimited()
                case 3:
                    let encoding = try r.string()
                    guard encoding.isEmpty else {
                        throw r.error("contentEncoding '\(encoding)' is not supported (only unencoded objects are)")
                    }
                default: try r.skip()
                }
            }
        } catch {
            throw error.inside("runtime.Unknown")
        }
        return (apiVersion, kind, raw ?? envelope.count..<envelope.count)
    }

    /// A `metav1.WatchEvent` message (type = 1, object = 2 `RawExtension` {raw = 1}): the event
    /// type and the byte range of the object's envelope (which has its own `k8s\0` prefix).
    package static func watchEvent(
        _ message: UnsafeRawBufferPointer
    ) throws(ProtobufDecodingError) -> (type: String, object: Range<Int>) {
        var r = ProtobufReader(message)
        var type = ""
        var object: Range<Int>?
        do throws(ProtobufDecodingError) {
            while let f = try r.next() {
                switch f {
                case 1: type = try r.string()
                case 2:
                    object = try r.nested("RawExtension") { (x: inout ProtobufReader) throws(ProtobufDecodingError) in
                        var raw: Range<Int>?
                        while let g = try x.next() {
                            if g == 1 { raw = try x.lengthDelimited() } else { try x.skip() }
                        }
                        return raw
                    }
                default: try r.skip()
                }
            }
        } catch {
            throw error.inside("WatchEvent")
        }
        guard let object else { throw ProtobufDecodingError("watch event '\(type)' has no object", at: r.position, path: ["WatchEvent"]) }
        return (type, object)
    }
}
