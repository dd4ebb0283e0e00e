/// A box that lets a struct hold a field of its own type (generated `JSONSchemaProps.not`).
///
/// It has value semantics (an `indirect enum` stores its payload on the heap) and encodes and
/// decodes exactly as the wrapped value, so the JSON shape is unchanged. Read or write the value
/// through ``value``; members of the wrapped value are reachable directly (`props.not?.type`).
@dynamicMemberLookup
public indirect enum Indirect<Wrapped: Sendable & Hashable & Codable>: Sendable, Hashable, Codable {
    case wrapped(Wrapped)

    /// Boxes a value.
    public init(_ value: Wrapped) { self = .wrapped(value) }

    /// The boxed value.
    public var value: Wrapped {
        get {
            switch self { case .wrapped(let v): return v }
        }
        set { self = .wrapped(newValue) }
    }

    /// Reads and writes members of the boxed value.
    public subscript<T>(dynamicMember keyPath: WritableKeyPath<Wrapped, T>) -> T {
        get { value[keyPath: keyPath] }
        set { value[keyPath: keyPath] = newValue }
    }

    public init(from decoder: any Decoder) throws {
        self = .wrapped(try Wrapped(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
    }
}
