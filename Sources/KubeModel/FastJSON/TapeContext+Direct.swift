/// Reads used by direct decoders (``TapeDecodable``): statically chosen per field by kube-modelgen.
/// Each either returns the same value as the `Decoder` route or throws (the caller then re-decodes
/// through `init(from:)` for the exact error), so the two routes cannot disagree.
extension TapeContext {
    /// Whether the value at `i` is `null` (an optional field decodes it as `nil`).
    @inline(__always)
    func isNull(_ i: Int) -> Bool { tape[i].kind == .null }

    /// Decodes a `T` known to be the direct-decodable `D` (``decodeValue(_:at:)`` opens it).
    @inline(__always)
    func decodeDirect<D: TapeDecodable, T>(_ direct: D.Type, as type: T.Type, at i: Int) throws -> T {
        try D(tape: self, at: i) as! T
    }

    /// The field number the key table `field` gives an escaped key, after unescaping it.
    func escapedField(_ key: TapeEntry, _ field: (TapeKey) -> Int) -> Int {
        var name = string(of: key)
        return name.withUTF8 { u in
            field(TapeKey(bytes: u.baseAddress ?? base, count: u.count, fingerprint: TapeEntry.fingerprint(u)))
        }
    }

    /// The error for a required member `key` missing from the object at `object`.
    func keyNotFound(_ key: String, in object: Int) -> DecodingError {
        .keyNotFound(AnyCodingKey(key), .init(
            codingPath: codingPath(to: object), debugDescription: "No value associated with key \"\(key)\"."))
    }

    /// An array whose elements `element` decodes (given each element's tape index).
    @inline(__always)
    func decodeArray<Element>(at i: Int, _ element: (Int) throws -> Element) throws -> [Element] {
        let e = tape[i]
        guard e.kind == .array else { throw mismatch([Element].self, at: i, expected: "an array") }
        var out: [Element] = []
        out.reserveCapacity(Int(e.b))
        var k = i + 1
        let end = Int(e.a)
        while k < end {
            out.append(try element(k))
            k = next(after: k)
        }
        return out
    }

    /// An object as a dictionary whose values `value` decodes (duplicate keys: the first wins).
    @inline(__always)
    func decodeDictionary<Value>(at i: Int, _ value: (Int) throws -> Value) throws -> [String: Value] {
        let e = tape[i]
        guard e.kind == .object else { throw mismatch([String: Value].self, at: i, expected: "an object") }
        if e.b == 0 { return [:] }
        var out = [String: Value](minimumCapacity: Int(e.b))
        var k = i + 1
        let end = Int(e.a)
        while k < end {
            let key = string(of: tape[k])
            if let first = out.updateValue(try value(k + 1), forKey: key) { out[key] = first }
            k = next(after: k + 1)
        }
        return out
    }

    /// A number (as `Int32`) or a string; anything else takes `IntOrString(from:)` for its error.
    @inline(__always)
    func decodeIntOrString(at i: Int) throws -> IntOrString {
        let e = tape[i]
        if e.kind == .string { return .string(string(of: e)) }
        if e.kind == .number, e.flag, let v = integerValue(Int32.self, e) { return .int(v) }
        return try IntOrString(from: TapeDecoder(context: self, index: i))
    }

    /// A quantity string; anything else (numbers, errors) takes `Quantity(from:)`.
    @inline(__always)
    func decodeQuantity(at i: Int) throws -> Quantity {
        let e = tape[i]
        if e.kind == .string, let q = try? Quantity(string(of: e)) { return q }
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
}
