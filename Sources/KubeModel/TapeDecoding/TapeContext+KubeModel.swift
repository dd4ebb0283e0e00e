import FastJSON

/// Readers of KubeModel's value types straight from the tape, used by the generated direct
/// decoders (statically chosen per field by kube-modelgen) and by the conformances below.
extension TapeContext {
    /// A number (as `Int32`) or a string; anything else takes `IntOrString(from:)` for its error.
    @inline(__always)
    func decodeIntOrString(at i: Int) throws -> IntOrString {
        let e = tape[i]
        if e.kind == .string { return .string(string(of: e)) }
        if e.kind == .number, e.flag, let v = integerValue(Int32.self, e) { return .int(v) }
        return try IntOrString(from: TapeDecoder(context: self, index: i))
    }

    /// A quantity string; anything else (numbers, errors) takes `Quantity(from:)`. Inside an
    /// interning decode (``StringInterner/decoding(_:_:)``) a text seen before is not parsed again.
    @inline(__always)
    func decodeQuantity(at i: Int) throws -> Quantity {
        let e = tape[i]
        if e.kind == .string {
            if !e.flag, let table = callerTable?.assumingMemoryBound(to: StringInterner.Table.self),
               let q = try? table.pointee.quantity(UnsafeRawBufferPointer(bytes(of: e)), parse: { try Quantity($0) }) {
                return q
            }
            if let q = try? Quantity(string(of: e)) { return q }
        }
        return try Quantity(from: TapeDecoder(context: self, index: i))
    }

    /// A microsecond timestamp; anything but a plain RFC 3339 string takes `MicroTime(from:)`.
    @inline(__always)
    func decodeMicroTime(at i: Int) throws -> MicroTime {
        let e = tape[i]
        if e.kind == .string, !e.flag, let parsed = RFC3339.parse(bytes: bytes(of: e)) {
            return MicroTime(microsecondsSinceEpoch: parsed.seconds * 1_000_000 + Int64(parsed.microseconds))
        }
        return try MicroTime(from: TapeDecoder(context: self, index: i))
    }
    // MARK: - JSONValue

    /// Builds a free-form value straight from the tape.
    func jsonValue(at i: Int) throws -> JSONValue {
        let e = tape[i]
        switch e.kind {
        case .null: return .null
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .string: return .string(string(of: e))
        case .number:
            if e.flag, let v = integerValue(Int64.self, e) { return .int(v) }
            if let d = parseDouble(e) {
                if !e.flag, d.rounded(.towardZero) == d, let v = Int64(exactly: d) { return .int(v) }
                return .double(d)
            }
            throw notRepresentable(Double.self, at: i)
        case .array:
            var out: [JSONValue] = []
            out.reserveCapacity(Int(e.b))
            var k = i + 1
            let end = Int(e.a)
            while k < end {
                out.append(try jsonValue(at: k))
                k = next(after: k)
            }
            return .array(out)
        case .object:
            return .object(try jsonObject(at: i))
        }
    }

    /// The members of the object at `i` as free-form values (duplicate keys: the first wins).
    func jsonObject(at i: Int) throws -> [String: JSONValue] {
        let e = tape[i]
        // Empty objects are common (managedFields' leaves): no storage to make.
        if e.b == 0 { return [:] }
        var out = [String: JSONValue](minimumCapacity: Int(e.b))
        var k = i + 1
        let end = Int(e.a)
        while k < end {
            let key = string(of: tape[k])
            // Duplicate keys: the first wins, as with Foundation.
            if let first = out.updateValue(try jsonValue(at: k + 1), forKey: key) { out[key] = first }
            k = next(after: k + 1)
        }
        return out
    }

    func decodeTime(at i: Int) throws -> Time {
        let e = tape[i]
        guard e.kind == .string, !e.flag else { return try Time(from: TapeDecoder(context: self, index: i)) }
        guard let parsed = RFC3339.parse(bytes: bytes(of: e)) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: codingPath(to: i),
                debugDescription: "'\(string(of: e))' is not an RFC 3339 timestamp (e.g. 2006-01-02T15:04:05Z)"))
        }
        return Time(secondsSinceEpoch: parsed.seconds)
    }

    func decodeDynamicObject(at i: Int) throws -> DynamicObject {
        let e = tape[i]
        guard e.kind == .object else { throw mismatch(DynamicObject.self, at: i, expected: "an object") }
        var content = [String: JSONValue](minimumCapacity: Int(e.b))
        var metadata = ObjectMeta()
        var k = i + 1
        let end = Int(e.a)
        while k < end {
            let key = string(of: tape[k])
            if key == "metadata" {
                metadata = try decodeValue(ObjectMeta.self, at: k + 1)
            } else {
                content[key] = try jsonValue(at: k + 1)
            }
            k = next(after: k + 1)
        }
        return DynamicObject(metadata: metadata, content: content)
    }
}

// Value types whose tape readers report their own errors (`TapeValueDecodable`).

extension JSONValue: TapeValueDecodable {
    package init(tapeValue tape: TapeContext, at index: Int) throws { self = try tape.jsonValue(at: index) }
}

extension Time: TapeValueDecodable {
    package init(tapeValue tape: TapeContext, at index: Int) throws { self = try tape.decodeTime(at: index) }
}

extension DynamicObject: TapeValueDecodable {
    package init(tapeValue tape: TapeContext, at index: Int) throws { self = try tape.decodeDynamicObject(at: index) }
}

/// A free-form object (`[String: JSONValue]`), as in a CRD's `spec`.
extension Dictionary: TapeValueDecodable where Key == String, Value == JSONValue {
    package init(tapeValue tape: TapeContext, at index: Int) throws {
        guard tape.tape[index].kind == .object else {
            throw tape.mismatch([String: JSONValue].self, at: index, expected: "an object")
        }
        self = try tape.jsonObject(at: index)
    }
}
