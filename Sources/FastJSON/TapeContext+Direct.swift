/// Reads used by direct decoders (``TapeDecodable``): statically chosen per field by kube-modelgen.
/// Each either returns the same value as the `Decoder` route or throws (the caller then re-decodes
/// through `init(from:)` for the exact error), so the two routes cannot disagree.
extension TapeContext {
    /// Whether the value at `i` is `null` (an optional field decodes it as `nil`).
    @inlinable @inline(__always)
    package func isNull(_ i: Int) -> Bool { tape[i].kind == .null }

    /// Decodes a `T` known to be the direct-decodable `D` (``decodeValue(_:at:)`` opens it).
    @inline(__always)
    package func decodeDirect<D: TapeDecodable, T>(_ direct: D.Type, as type: T.Type, at i: Int) throws -> T {
        try D(tape: self, at: i) as! T
    }

    /// Decodes a `T` known to be the `TapeValueDecodable` `V` (``decodeValue(_:at:)`` opens it).
    @inline(__always)
    package func decodeOwnValue<V: TapeValueDecodable, T>(_ reader: V.Type, as type: T.Type, at i: Int) throws -> T {
        try V(tapeValue: self, at: i) as! T
    }

    /// The field number the key table `field` gives an escaped key, after unescaping it.
    @usableFromInline package func escapedField(_ key: TapeEntry, _ field: (TapeKey) -> Int) -> Int {
        var name = string(of: key)
        return name.withUTF8 { u in
            field(TapeKey(bytes: u.baseAddress ?? base, count: u.count, fingerprint: TapeEntry.fingerprint(u)))
        }
    }

    /// The error for a required member `key` missing from the object at `object`.
    @usableFromInline package func keyNotFound(_ key: String, in object: Int) -> DecodingError {
        .keyNotFound(AnyCodingKey(key), .init(
            codingPath: codingPath(to: object), debugDescription: "No value associated with key \"\(key)\"."))
    }

    /// An array whose elements `element` decodes (given each element's tape index).
    @inlinable @inline(__always)
    package func decodeArray<Element>(at i: Int, _ element: (Int) throws -> Element) throws -> [Element] {
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
    @inlinable @inline(__always)
    package func decodeDictionary<Value>(at i: Int, _ value: (Int) throws -> Value) throws -> [String: Value] {
        let e = tape[i]
        guard e.kind == .object else { throw mismatch([String: Value].self, at: i, expected: "an object") }
        // Empty objects are common (managedFields' leaves): no storage to make.
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


}
