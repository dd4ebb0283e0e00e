/// An unkeyed container over a tape array: a cursor that steps over elements with skip pointers.
struct TapeUnkeyedContainer: UnkeyedDecodingContainer {
    let context: TapeContext
    /// Tape index of the array.
    let index: Int
    let count: Int?
    private(set) var currentIndex = 0
    /// Tape index of the current element.
    private var cursor: Int

    init(context: TapeContext, index: Int) {
        self.context = context
        self.index = index
        self.count = Int(context.tape[index].b)
        self.cursor = index + 1
    }

    var codingPath: [any CodingKey] { context.codingPath(to: index) }
    var isAtEnd: Bool { currentIndex >= count! }

    /// The tape index of the current element, moving past it; `valueNotFound` at the end.
    @inline(__always)
    private mutating func advance(_ type: Any.Type) throws -> Int {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(
                codingPath: codingPath + [AnyCodingKey(intValue: currentIndex)!],
                debugDescription: "Unkeyed container is at end (\(count!) elements)."))
        }
        let i = cursor
        cursor = context.next(after: i)
        currentIndex += 1
        return i
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { _ = try advance(Optional<Any>.self); return false }
        guard context.tape[cursor].kind == .null else { return false }
        _ = try advance(Optional<Any>.self)
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try context.decodeBool(at: advance(type)) }
    mutating func decode(_ type: String.Type) throws -> String { try context.decodeString(at: advance(type)) }
    mutating func decode(_ type: Double.Type) throws -> Double { try context.decodeDouble(at: advance(type)) }
    mutating func decode(_ type: Float.Type) throws -> Float { try context.decodeFloat(at: advance(type)) }
    mutating func decode(_ type: Int.Type) throws -> Int { try context.decodeInteger(type, at: advance(type)) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try context.decodeInteger(type, at: advance(type)) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try context.decodeInteger(type, at: advance(type)) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try context.decodeInteger(type, at: advance(type)) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try context.decodeInteger(type, at: advance(type)) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try context.decodeInteger(type, at: advance(type)) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try context.decodeInteger(type, at: advance(type)) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try context.decodeInteger(type, at: advance(type)) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try context.decodeInteger(type, at: advance(type)) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try context.decodeInteger(type, at: advance(type)) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try context.decodeValue(type, at: advance(type)) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try TapeDecoder(context: context, index: advance(KeyedDecodingContainer<NestedKey>.self))
            .container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try TapeDecoder(context: context, index: advance((any UnkeyedDecodingContainer).self)).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        TapeDecoder(context: context, index: try advance((any Decoder).self))
    }
}
