/// Heap storage for a generated struct's optional struct-typed field: 8 bytes in the parent
/// whether the field is set or not (like a pointer field in Go), instead of the field's whole
/// inline size. The generated property exposes the plain value; the box is never mutated, so
/// sharing it between copies keeps value semantics.
final class FieldBox<Value: Sendable & Hashable & Codable>: Sendable, Hashable, Codable {
    let value: Value

    init(_ value: Value) { self.value = value }

    static func == (lhs: FieldBox, rhs: FieldBox) -> Bool { lhs === rhs || lhs.value == rhs.value }

    func hash(into hasher: inout Hasher) { hasher.combine(value) }

    init(from decoder: any Decoder) throws { value = try Value(from: decoder) }

    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
