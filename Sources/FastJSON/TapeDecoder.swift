/// The `Decoder` handed to `init(from:)` implementations by ``FastJSONDecoder``: a tape index
/// into a shared ``TapeContext``. It is also its own single-value container.
@usableFromInline package struct TapeDecoder: Decoder, SingleValueDecodingContainer {
    @usableFromInline package let context: TapeContext
    @usableFromInline package let index: Int
    /// Set only for decoders of absent values (`superDecoder(forKey:)` of a missing key), whose
    /// path cannot be rebuilt from the tape.
    @usableFromInline package let explicitPath: [any CodingKey]?

    @usableFromInline package init(context: TapeContext, index: Int, explicitPath: [any CodingKey]? = nil) {
        self.context = context
        self.index = index
        self.explicitPath = explicitPath
    }

    @usableFromInline package var codingPath: [any CodingKey] { explicitPath ?? context.codingPath(to: index) }
    @usableFromInline package var userInfo: [CodingUserInfoKey: Any] { context.userInfo }

    @usableFromInline package func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard context.tape[index].kind == .object else {
            throw context.mismatch([String: Any].self, at: index, expected: "an object for a keyed container")
        }
        return KeyedDecodingContainer(TapeKeyedContainer<Key>(context: context, index: index))
    }

    @usableFromInline package func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard context.tape[index].kind == .array else {
            throw context.mismatch([Any].self, at: index, expected: "an array for an unkeyed container")
        }
        return TapeUnkeyedContainer(context: context, index: index)
    }

    @usableFromInline package func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    // MARK: SingleValueDecodingContainer

    @usableFromInline package func decodeNil() -> Bool { context.tape[index].kind == .null }
    @usableFromInline package func decode(_ type: Bool.Type) throws -> Bool { try context.decodeBool(at: index) }
    @usableFromInline package func decode(_ type: String.Type) throws -> String { try context.decodeString(at: index) }
    @usableFromInline package func decode(_ type: Double.Type) throws -> Double { try context.decodeDouble(at: index) }
    @usableFromInline package func decode(_ type: Float.Type) throws -> Float { try context.decodeFloat(at: index) }
    @usableFromInline package func decode(_ type: Int.Type) throws -> Int { try context.decodeInteger(Int.self, at: index) }
    @usableFromInline package func decode(_ type: Int8.Type) throws -> Int8 { try context.decodeInteger(Int8.self, at: index) }
    @usableFromInline package func decode(_ type: Int16.Type) throws -> Int16 { try context.decodeInteger(Int16.self, at: index) }
    @usableFromInline package func decode(_ type: Int32.Type) throws -> Int32 { try context.decodeInteger(Int32.self, at: index) }
    @usableFromInline package func decode(_ type: Int64.Type) throws -> Int64 { try context.decodeInteger(Int64.self, at: index) }
    @usableFromInline package func decode(_ type: UInt.Type) throws -> UInt { try context.decodeInteger(UInt.self, at: index) }
    @usableFromInline package func decode(_ type: UInt8.Type) throws -> UInt8 { try context.decodeInteger(UInt8.self, at: index) }
    @usableFromInline package func decode(_ type: UInt16.Type) throws -> UInt16 { try context.decodeInteger(UInt16.self, at: index) }
    @usableFromInline package func decode(_ type: UInt32.Type) throws -> UInt32 { try context.decodeInteger(UInt32.self, at: index) }
    @usableFromInline package func decode(_ type: UInt64.Type) throws -> UInt64 { try context.decodeInteger(UInt64.self, at: index) }
    @usableFromInline package func decode<T: Decodable>(_ type: T.Type) throws -> T { try context.decodeValue(T.self, at: index) }
}

extension TapeContext {
    /// Decodes any `Decodable` at tape index `i`, taking a direct path for strings, numbers,
    /// string maps and arrays, for types with a reader of their own (``TapeValueDecodable``:
    /// free-form JSON, timestamps) and for ``TapeDecodable`` types (generated structs, meta
    /// types, lists of them).
    @usableFromInline package func decodeValue<T: Decodable>(_ type: T.Type, at i: Int) throws -> T {
        if T.self == String.self { return try decodeString(at: i) as! T }
        if T.self == [String: String].self { return try decodeStringMap(at: i) as! T }
        if T.self == [String].self { return try decodeStringArray(at: i) as! T }
        if T.self == Int64.self { return try decodeInteger(Int64.self, at: i) as! T }
        if T.self == Int32.self { return try decodeInteger(Int32.self, at: i) as! T }
        if T.self == Int.self { return try decodeInteger(Int.self, at: i) as! T }
        if T.self == Bool.self { return try decodeBool(at: i) as! T }
        if T.self == Double.self { return try decodeDouble(at: i) as! T }
        if let reader = T.self as? any TapeValueDecodable.Type { return try decodeOwnValue(reader, as: T.self, at: i) }
        // Generated model types and the meta types decode in one pass over their members. On any
        // failure, `init(from:)` decodes again: the error is then exactly the `Decoder` route's.
        if let direct = T.self as? any TapeDecodable.Type, let value = try? decodeDirect(direct, as: T.self, at: i) {
            return value
        }
        return try T(from: TapeDecoder(context: self, index: i))
    }

    @inlinable
    package func decodeStringMap(at i: Int) throws -> [String: String] {
        let e = tape[i]
        guard e.kind == .object else { throw mismatch([String: String].self, at: i, expected: "an object") }
        if e.b == 0 { return [:] }
        var out = [String: String](minimumCapacity: Int(e.b))
        var k = i + 1
        let end = Int(e.a)
        while k < end {
            let key = string(of: tape[k])
            if let first = out.updateValue(try decodeString(at: k + 1), forKey: key) { out[key] = first }
            k = next(after: k + 1)
        }
        return out
    }

    @inlinable
    package func decodeStringArray(at i: Int) throws -> [String] {
        let e = tape[i]
        guard e.kind == .array else { throw mismatch([String].self, at: i, expected: "an array") }
        var out: [String] = []
        out.reserveCapacity(Int(e.b))
        var k = i + 1
        let end = Int(e.a)
        while k < end {
            out.append(try decodeString(at: k))
            k = next(after: k)
        }
        return out
    }
}
