import Foundation
import KubeModel
import NIOCore

/// JSON encode/decode helpers for the server: the project's fast decoder builds `JSONValue`s
/// from request bytes; Foundation's encoder writes responses.
enum JSONCoding {
    static func decode(_ buffer: ByteBuffer) throws -> JSONValue {
        try buffer.readableBytesView.withUnsafeBytes { try KubeJSON.decode(JSONValue.self, raw: $0) }
    }

    static func decode(_ data: Data) throws -> JSONValue {
        try KubeJSON.decode(JSONValue.self, from: data)
    }

    static func encode(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a JSONValue or a Status cannot fail: no non-finite doubles are ever produced
        // from parsed JSON, and all keys are strings.
        return (try? encoder.encode(value)) ?? Data("null".utf8)
    }

    static func buffer(_ value: some Encodable) -> ByteBuffer {
        ByteBuffer(bytes: encode(value))
    }

    /// A `Status` as a `JSONValue` (for watch ERROR events).
    static func value(_ status: Status) -> JSONValue {
        (try? KubeJSON.decode(JSONValue.self, from: encode(status))) ?? .null
    }
}

extension JSONValue {
    /// `metadata.<field>` as a string.
    func meta(_ field: String) -> String? { self["metadata"]?[field]?.stringValue }

    /// Sets `metadata.<field>`, creating `metadata` if needed.
    mutating func setMeta(_ field: String, _ value: JSONValue?) {
        var m = self["metadata"] ?? .object([:])
        if m.objectValue == nil { m = .object([:]) }
        m[field] = value
        self["metadata"] = m
    }

    /// The labels of an object (`metadata.labels`).
    var labels: [String: String] {
        guard let o = self["metadata"]?["labels"]?.objectValue else { return [:] }
        return o.compactMapValues(\.stringValue)
    }
}
