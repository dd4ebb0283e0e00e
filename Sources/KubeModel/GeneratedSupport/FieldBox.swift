/// Heap storage for a generated struct's optional struct-typed field: 8 bytes in the parent
/// whether the field is set or not (like a pointer field in Go), instead of the field's whole
/// inline size. The generated property exposes the plain value; the box is never mutated, so
/// sharing it between copies keeps value semantics.
///
/// Hashable and Codable are conditional conformances rather than constraints on `Value`: the
/// runtime then instantiates a box type without looking up those conformances, each a scan of
/// every conformance in the binary the first time (hundreds of box types; a few milliseconds
/// at the start of every process that decodes objects).
final class FieldBox<Value: Sendable>: Sendable {
    let value: Value

    init(_ value: Value) { self.value = value }
}

extension FieldBox: Equatable where Value: Equatable {
    static func == (lhs: FieldBox, rhs: FieldBox) -> Bool { lhs === rhs || lhs.value == rhs.value }
}

extension FieldBox: Hashable where Value: Hashable {
    func hash(into hasher: inout Hasher) { hasher.combine(value) }
}

extension FieldBox: Decodable where Value: Decodable {
    convenience init(from decoder: any Decoder) throws { self.init(try Value(from: decoder)) }
}

extension FieldBox: Encodable where Value: Encodable {
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
