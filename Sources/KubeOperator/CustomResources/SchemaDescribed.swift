public import KubeModel

/// A type that describes its JSON form as a structural OpenAPI v3 schema, so a custom
/// resource's spec and status can be written into a CRD manifest.
///
/// Conform your spec and status structs by returning an ``JSONSchema/object(_:required:properties:)``
/// that names their fields; the standard scalar types, arrays, dictionaries, optionals,
/// ``JSONValue``, ``Quantity``, ``IntOrString`` and string-backed `CaseIterable` enums conform already.
public protocol SchemaDescribed {
    /// The schema of this type's JSON form.
    static var openAPISchema: JSONSchema { get }
}

extension String: SchemaDescribed {
    public static var openAPISchema: JSONSchema { .string() }
}

extension Bool: SchemaDescribed {
    public static var openAPISchema: JSONSchema { .boolean() }
}

extension Int: SchemaDescribed {
    public static var openAPISchema: JSONSchema { .integer() }
}

extension Int64: SchemaDescribed {
    public static var openAPISchema: JSONSchema { .integer() }
}

extension Int32: SchemaDescribed {
    public static var openAPISchema: JSONSchema { .integer(format: "int32") }
}

extension Double: SchemaDescribed {
    public static var openAPISchema: JSONSchema { .number() }
}

extension Array: SchemaDescribed where Element: SchemaDescribed {
    public static var openAPISchema: JSONSchema { .array(Element.openAPISchema) }
}

extension Dictionary: SchemaDescribed where Key == String, Value: SchemaDescribed {
    public static var openAPISchema: JSONSchema { .map(Value.openAPISchema) }
}

extension Optional: SchemaDescribed where Wrapped: SchemaDescribed {
    public static var openAPISchema: JSONSchema { Wrapped.openAPISchema }
}

extension JSONValue: SchemaDescribed {
    public static var openAPISchema: JSONSchema { .freeForm() }
}

extension Quantity: SchemaDescribed {
    public static var openAPISchema: JSONSchema { .intOrString() }
}

extension IntOrString: SchemaDescribed {
    public static var openAPISchema: JSONSchema { .intOrString() }
}

extension Time: SchemaDescribed {
    public static var openAPISchema: JSONSchema { .string(format: "date-time") }
}

extension SchemaDescribed where Self: RawRepresentable & CaseIterable, RawValue == String {
    /// A string limited to the enum's raw values.
    public static var openAPISchema: JSONSchema { .string(enum: allCases.map(\.rawValue)) }
}
