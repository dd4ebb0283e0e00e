import FastJSON
import Foundation

/// The set of fields a manager owns (`managedFields[].fieldsV1`), kept as the compact JSON text
/// the server sent, as client-go keeps `FieldsV1.Raw`.
///
/// A realistic pod carries ~5 KB of this text; parsed into a ``JSONValue`` tree (a dictionary per
/// nested field) the same data takes about six times as much memory, for every object in a cache.
/// Read the tree with ``value`` when you need it.
public struct FieldsV1: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The JSON text: compact, and always valid JSON.
    public let json: String

    /// Wraps JSON text after checking that it is valid JSON.
    /// - Throws: ``FastJSONError`` with the byte offset when it is not.
    public init(json: String) throws {
        _ = try FastJSONDecoder().decode(JSONValue.self, from: json)
        self.json = json
    }

    /// Serialises a value (object keys sorted).
    public init(_ value: JSONValue) {
        self.json = FieldsV1.serialize(value)
    }

    /// Text already known to be valid JSON (from the fast decoder's tape).
    init(validatedJSON: String) {
        self.json = validatedJSON
    }

    /// The fields as a JSON tree (parsed on each call).
    public var value: JSONValue {
        // `json` is valid by construction, so this cannot fail.
        (try? FastJSONDecoder().decode(JSONValue.self, from: json)) ?? .null
    }

    public var description: String { json }

    /// Equal when the texts are equal or, failing that, when they hold the same JSON value
    /// (key order and escaping may differ between producers).
    public static func == (lhs: FieldsV1, rhs: FieldsV1) -> Bool {
        lhs.json == rhs.json || lhs.value == rhs.value
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(value)
    }

    public init(from decoder: any Decoder) throws {
        if let fast = decoder as? TapeDecoder {
            self.init(validatedJSON: fast.context.compactJSON(at: fast.index))
        } else {
            self.init(try JSONValue(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
    }

    private static func serialize(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // JSONValue holds only finite numbers from parsed text; a NaN built in code encodes as null.
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }
}
