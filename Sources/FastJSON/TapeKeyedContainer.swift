/// A keyed container over a tape object: keys are found by comparing UTF-8 bytes in place
/// (no key strings, no dictionary), starting after the member found last.
struct TapeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let context: TapeContext
    /// Tape index of the object.
    let index: Int

    var codingPath: [any CodingKey] { context.codingPath(to: index) }

    var allKeys: [Key] {
        let e = context.tape[index]
        var keys: [Key] = []
        keys.reserveCapacity(Int(e.b))
        var k = index + 1
        while k < Int(e.a) {
            if let key = Key(stringValue: context.string(of: context.tape[k])) { keys.append(key) }
            k = context.next(after: k + 1)
        }
        return keys
    }

    /// The tape index of the value for `key`, or `nil`.
    @inline(__always)
    func find(_ key: Key) -> Int? { context.find(key.stringValue, in: index) }

    /// The tape index of the value for `key`; `keyNotFound` if absent.
    @inline(__always)
    func value(_ key: Key) throws -> Int {
        guard let v = find(key) else {
            throw DecodingError.keyNotFound(key, .init(
                codingPath: codingPath,
                debugDescription: "No value associated with key \"\(key.stringValue)\"."))
        }
        return v
    }

    /// The tape index of a present, non-null value for `key`, or `nil`.
    @inline(__always)
    func present(_ key: Key) -> Int? {
        guard let v = find(key), context.tape[v].kind != .null else { return nil }
        return v
    }

    func contains(_ key: Key) -> Bool { find(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool { context.tape[try value(key)].kind == .null }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try context.decodeBool(at: value(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try context.decodeString(at: value(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try context.decodeDouble(at: value(key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try context.decodeFloat(at: value(key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try context.decodeInteger(Int.self, at: value(key)) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try context.decodeInteger(Int8.self, at: value(key)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 {
        try context.decodeInteger(Int16.self, at: value(key))
    }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 {
        try context.decodeInteger(Int32.self, at: value(key))
    }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 {
        try context.decodeInteger(Int64.self, at: value(key))
    }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try context.decodeInteger(UInt.self, at: value(key)) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 {
        try context.decodeInteger(UInt8.self, at: value(key))
    }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 {
        try context.decodeInteger(UInt16.self, at: value(key))
    }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 {
        try context.decodeInteger(UInt32.self, at: value(key))
    }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 {
        try context.decodeInteger(UInt64.self, at: value(key))
    }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try context.decodeValue(T.self, at: value(key))
    }

    // One lookup per optional field (the protocol's defaults would look the key up three times).
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        guard let v = present(key) else { return nil }
        return try context.decodeBool(at: v)
    }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let v = present(key) else { return nil }
        return try context.decodeString(at: v)
    }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        guard let v = present(key) else { return nil }
        return try context.decodeDouble(at: v)
    }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? {
        guard let v = present(key) else { return nil }
        return try context.decodeFloat(at: v)
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        guard let v = present(key) else { return nil }
        return try context.decodeInteger(Int.self, at: v)
    }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? {
        guard let v = present(key) else { return nil }
        return try context.decodeInteger(Int32.self, at: v)
    }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        guard let v = present(key) else { return nil }
        return try context.decodeInteger(Int64.self, at: v)
    }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? {
        guard let v = present(key) else { return nil }
        return try context.decodeInteger(UInt64.self, at: v)
    }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let v = present(key) else { return nil }
        return try context.decodeValue(T.self, at: v)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try TapeDecoder(context: context, index: value(key)).container(keyedBy: NestedKey.self)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try TapeDecoder(context: context, index: value(key)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { try decoder(for: AnyCodingKey("super")) }

    func superDecoder(forKey key: Key) throws -> any Decoder { try decoder(for: key) }

    /// A decoder for the member `key`; a decoder of `null` if it is absent (as Foundation does).
    private func decoder(for key: any CodingKey) throws -> any Decoder {
        if let v = context.find(key.stringValue, in: index) { return TapeDecoder(context: context, index: v) }
        return TapeDecoder(context: context, index: context.nullIndex, explicitPath: codingPath + [key])
    }
}
