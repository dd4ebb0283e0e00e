/// A list whose items have direct decoders (``TapeDecodable``): ``FastJSONDecoder`` decodes its
/// `items` one at a time (see `decodeItemByItem`).
protocol TapeItemList: TapeDecodable {
    associatedtype Item: TapeDecodable
    var items: [Item] { get set }
}

/// Lists decoded item by item. An informer's list can hold 10k objects in 100 MB; instead of one
/// tape for the whole document (about 1.2 bytes per input byte, written and read back from
/// memory), each item is parsed into a small tape of its own and decoded right away, while its
/// bytes and tape are still in cache.
extension FastJSONDecoder {
    /// Decodes a list item by item, or returns `nil` for shapes it leaves to the whole-document
    /// route (escaped or repeated top-level keys, `items` that is not an array, unusual limits).
    /// Throws where the whole-document route would also fail; the caller then decodes through
    /// that route, which reports the error exactly.
    func decodeItemByItem<L: TapeItemList, T>(_ list: L.Type, as type: T.Type, from bytes: UnsafeRawBufferPointer) throws -> T? {
        // Members of the list are one level down, items two: keep the whole-document depth limit.
        guard configuration.maxDepth >= 3 else { return nil }
        var parser = try JSONTapeParser(bytes: bytes, maxDepth: configuration.maxDepth - 1)
        parser.skipWhitespace()
        guard parser.pos < parser.end, parser.base[parser.pos] == UInt8(ascii: "{") else { return nil }
        parser.pos += 1
        parser.tape.append(TapeEntry(.object, 0, 0))
        var members: UInt32 = 0
        var items: [L.Item]?
        parser.skipWhitespace()
        if parser.pos < parser.end, parser.base[parser.pos] == UInt8(ascii: "}") {
            parser.pos += 1
        } else {
            while true {
                guard parser.pos < parser.end, parser.base[parser.pos] == UInt8(ascii: "\"") else { return nil }
                let keyStart = parser.pos + 1
                guard try !parser.scanString() else { return nil }
                let key = TapeEntry.key(base: parser.base, start: keyStart, end: parser.pos - 1, escaped: false)
                parser.skipWhitespace()
                guard parser.pos < parser.end, parser.base[parser.pos] == UInt8(ascii: ":") else { return nil }
                parser.pos += 1
                parser.skipWhitespace()
                if Self.isItemsKey(key, parser.base) {
                    guard items == nil, parser.pos < parser.end, parser.base[parser.pos] == UInt8(ascii: "[") else {
                        return nil
                    }
                    items = try decodeItems(L.Item.self, &parser)
                } else {
                    parser.tape.append(key)
                    try parser.parseValue()
                    members += 1
                }
                parser.skipWhitespace()
                guard parser.pos < parser.end else { return nil }
                let c = parser.base[parser.pos]
                parser.pos += 1
                if c == UInt8(ascii: "}") { break }
                guard c == UInt8(ascii: ",") else { return nil }
                parser.skipWhitespace()
            }
        }
        parser.skipWhitespace()
        guard parser.pos == parser.end else { return nil }
        parser.tape[0].a = UInt32(parser.tape.count)
        parser.tape[0].b = members
        let context = TapeContext(base: parser.base, tape: parser.takeTape(), userInfo: configuration.userInfo)
        var value = try L(tape: context, at: 0)
        if let items { value.items = items }
        return (value as! T)
    }

    /// Parses and decodes the elements of the array at the parser's position, one tape each.
    private func decodeItems<Item: TapeDecodable>(_ type: Item.Type, _ parser: inout JSONTapeParser) throws -> [Item] {
        var listTape: [TapeEntry] = []
        swap(&listTape, &parser.tape)
        defer {
            swap(&listTape, &parser.tape)
            parser.maxDepth += 1
        }
        parser.maxDepth -= 1
        parser.pos += 1
        parser.skipWhitespace()
        var out: [Item] = []
        if parser.pos < parser.end, parser.base[parser.pos] == UInt8(ascii: "]") {
            parser.pos += 1
            return out
        }
        var capacity = 64
        while true {
            parser.tape.reserveCapacity(capacity)
            try parser.parseValue()
            let tape = parser.takeTape()
            capacity = tape.count
            out.append(try Item(tape: TapeContext(base: parser.base, tape: tape, userInfo: configuration.userInfo), at: 0))
            parser.skipWhitespace()
            guard parser.pos < parser.end else { throw parser.error(.unexpectedEnd, "',' or ']'") }
            let c = parser.base[parser.pos]
            parser.pos += 1
            if c == UInt8(ascii: "]") { return out }
            guard c == UInt8(ascii: ",") else { throw parser.error(.unexpectedByte, "',' or ']' after an array element") }
            parser.skipWhitespace()
        }
    }

    private static func isItemsKey(_ key: TapeEntry, _ base: UnsafePointer<UInt8>) -> Bool {
        guard key.b &- key.a == 5 else { return false }
        let p = base + Int(key.a)
        return p[0] == UInt8(ascii: "i") && p[1] == UInt8(ascii: "t") && p[2] == UInt8(ascii: "e")
            && p[3] == UInt8(ascii: "m") && p[4] == UInt8(ascii: "s")
    }
}
