public import KubeModel

/// A structural OpenAPI v3 schema, as a custom resource definition's `openAPIV3Schema` needs it:
/// every node has a type, objects list their properties, free-form parts say so explicitly.
///
/// Built with the static constructors (`.string(…)`, `.object(…)`, `.of(Spec.self)`), so every
/// schema this type can express is structural by construction.
public struct JSONSchema: Sendable, Hashable {
    /// The schema's JSON type.
    public enum SchemaType: String, Sendable, Hashable {
        case string, integer, number, boolean, array, object
    }

    public var type: SchemaType?
    public var format: String?
    public var description: String?
    public var enumValues: [JSONValue]?
    public var defaultValue: JSONValue?
    public var minimum: Double?
    public var maximum: Double?
    public var minLength: Int?
    public var maxLength: Int?
    public var pattern: String?
    public var minItems: Int?
    public var maxItems: Int?
    public var nullable = false
    public var properties: [String: JSONSchema] = [:]
    public var required: [String] = []
    /// The schema of an array's items.
    public var items: JSONSchema? {
        get { boxedItems.first }
        set { boxedItems = newValue.map { [$0] } ?? [] }
    }
    /// The schema of a map's values (`additionalProperties`).
    public var additionalProperties: JSONSchema? {
        get { boxedValues.first }
        set { boxedValues = newValue.map { [$0] } ?? [] }
    }
    // Nested schemas live in arrays, which store their elements out of line.
    private var boxedItems: [JSONSchema] = []
    private var boxedValues: [JSONSchema] = []
    /// `x-kubernetes-preserve-unknown-fields`: the node keeps fields the schema does not name.
    public var preserveUnknownFields = false
    /// `x-kubernetes-int-or-string`.
    public var intOrString = false
    /// `x-kubernetes-embedded-resource`.
    public var embeddedResource = false

    public init(type: SchemaType?) { self.type = type }

    // MARK: Constructors

    /// A string, optionally limited to `enum` values, with a default.
    public static func string(
        _ description: String? = nil, enum values: [String]? = nil, default value: String? = nil,
        format: String? = nil, pattern: String? = nil, minLength: Int? = nil, maxLength: Int? = nil
    ) -> JSONSchema {
        var s = JSONSchema(type: .string)
        s.description = description
        s.enumValues = values?.map(JSONValue.string)
        s.defaultValue = value.map(JSONValue.string)
        s.format = format
        s.pattern = pattern
        s.minLength = minLength
        s.maxLength = maxLength
        return s
    }

    /// An integer (`int32` or `int64`), optionally bounded, with a default.
    public static func integer(
        _ description: String? = nil, format: String? = "int64", minimum: Int64? = nil, maximum: Int64? = nil,
        default value: Int64? = nil
    ) -> JSONSchema {
        var s = JSONSchema(type: .integer)
        s.description = description
        s.format = format
        s.minimum = minimum.map(Double.init)
        s.maximum = maximum.map(Double.init)
        s.defaultValue = value.map(JSONValue.int)
        return s
    }

    /// A floating-point number, optionally bounded, with a default.
    public static func number(
        _ description: String? = nil, minimum: Double? = nil, maximum: Double? = nil, default value: Double? = nil
    ) -> JSONSchema {
        var s = JSONSchema(type: .number)
        s.description = description
        s.format = "double"
        s.minimum = minimum
        s.maximum = maximum
        s.defaultValue = value.map(JSONValue.double)
        return s
    }

    /// A boolean with an optional default.
    public static func boolean(_ description: String? = nil, default value: Bool? = nil) -> JSONSchema {
        var s = JSONSchema(type: .boolean)
        s.description = description
        s.defaultValue = value.map(JSONValue.bool)
        return s
    }

    /// An array of `items`.
    public static func array(
        _ items: JSONSchema, _ description: String? = nil, minItems: Int? = nil, maxItems: Int? = nil
    ) -> JSONSchema {
        var s = JSONSchema(type: .array)
        s.description = description
        s.items = items
        s.minItems = minItems
        s.maxItems = maxItems
        return s
    }

    /// An object with named properties; `required` lists those that must be present.
    public static func object(
        _ description: String? = nil, required: [String] = [], properties: [String: JSONSchema]
    ) -> JSONSchema {
        var s = JSONSchema(type: .object)
        s.description = description
        s.properties = properties
        s.required = required
        return s
    }

    /// A map from strings to `values`.
    public static func map(_ values: JSONSchema, _ description: String? = nil) -> JSONSchema {
        var s = JSONSchema(type: .object)
        s.description = description
        s.additionalProperties = values
        return s
    }

    /// A free-form object whose content the API server keeps as sent.
    public static func freeForm(_ description: String? = nil) -> JSONSchema {
        var s = JSONSchema(type: .object)
        s.description = description
        s.preserveUnknownFields = true
        return s
    }

    /// A value that is an integer or a string (`IntOrString`).
    public static func intOrString(_ description: String? = nil) -> JSONSchema {
        var s = JSONSchema(type: nil)
        s.description = description
        s.intOrString = true
        return s
    }

    /// The schema a type declares for itself, with an optional description in place of its own.
    public static func of<T: SchemaDescribed>(_ type: T.Type, _ description: String? = nil) -> JSONSchema {
        var s = T.openAPISchema
        if let description { s.description = description }
        return s
    }

    // MARK: Modifiers

    /// This schema with a default value.
    public func defaulting(to value: JSONValue) -> JSONSchema {
        var s = self
        s.defaultValue = value
        return s
    }

    /// This schema with `nullable: true`.
    public func allowingNull() -> JSONSchema {
        var s = self
        s.nullable = true
        return s
    }
}

extension JSONSchema {
    /// The schema as the JSON a CRD manifest carries.
    public var json: JSONValue {
        var o: [String: JSONValue] = [:]
        if let type { o["type"] = .string(type.rawValue) }
        if let format { o["format"] = .string(format) }
        if let description { o["description"] = .string(description) }
        if let enumValues { o["enum"] = .array(enumValues) }
        if let defaultValue { o["default"] = defaultValue }
        if let minimum { o["minimum"] = Self.number(minimum) }
        if let maximum { o["maximum"] = Self.number(maximum) }
        if let minLength { o["minLength"] = .int(Int64(minLength)) }
        if let maxLength { o["maxLength"] = .int(Int64(maxLength)) }
        if let pattern { o["pattern"] = .string(pattern) }
        if let minItems { o["minItems"] = .int(Int64(minItems)) }
        if let maxItems { o["maxItems"] = .int(Int64(maxItems)) }
        if nullable { o["nullable"] = true }
        if !properties.isEmpty { o["properties"] = .object(properties.mapValues(\.json)) }
        if !required.isEmpty { o["required"] = .array(required.map(JSONValue.string)) }
        if let items { o["items"] = items.json }
        if let additionalProperties { o["additionalProperties"] = additionalProperties.json }
        if preserveUnknownFields { o["x-kubernetes-preserve-unknown-fields"] = true }
        if intOrString { o["x-kubernetes-int-or-string"] = true }
        if embeddedResource { o["x-kubernetes-embedded-resource"] = true }
        return .object(o)
    }

    private static func number(_ d: Double) -> JSONValue {
        d.rounded() == d && abs(d) < 9e15 ? .int(Int64(d)) : .double(d)
    }
}
