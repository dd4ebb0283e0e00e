import FastJSON

/// Lists decoded item by item. An informer's list can hold 10k objects in 100 MB; instead of one
/// tape for the whole document (about 1.2 bytes per input byte, written and read back from
/// memory), each item is parsed into a small tape of its own and decoded right away, while its
/// bytes and tape are still in cache.
extension ObjectList: TapeDocumentDecodable where Item: TapeDecodable {
    /// Decodes the list item by item, or returns `nil` for shapes it leaves to the whole-document
    /// route (escaped or repeated top-level keys, `items` that is not an array, unusual limits).
    /// Errors also leave the list to that route, which then reports them exactly.
    package static func decodeDocument(
        _ bytes: UnsafeRawBufferPointer, configuration: FastJSONDecoder.Configuration
    ) throws -> ObjectList? {
        try? decodeItemByItem(bytes, configuration: configuration)
    }

    /// The item-by-item route alone: throws where the whole-document route would also fail.
    static func decodeItemByItem(
        _ bytes: UnsafeRawBufferPointer, configuration: FastJSONDecoder.Configuration
    ) throws -> ObjectList? {
        // Members of the list are one level down, items two: keep the whole-document depth limit.
        guard configuration.maxDepth >= 3 else { return nil }
        var parser = try JSONTapeParser(bytes: bytes, maxDepth: configuration.maxDepth - 1)
        var items: [Item]?
        do {
            let isObject = try parser.parseTopLevelObject { parser, key in
                guard !key.flag else { throw LeftToWholeDocument() }
                guard parser.keyIs(key, "items") else {
                    try parser.appendMember(key)
                    return true
                }
                guard items == nil, parser.pos < parser.end, parser.base[parser.pos] == UInt8(ascii: "[") else {
                    throw LeftToWholeDocument()
                }
                items = try parser.decodeElements(userInfo: configuration.userInfo) { try Item(tape: $0, at: 0) }
                return false
            }
            guard isObject else { return nil }
        } catch is LeftToWholeDocument {
            return nil
        }
        let context = TapeContext(base: parser.base, tape: parser.takeTape(), userInfo: configuration.userInfo)
        var value = try ObjectList(tape: context, at: 0)
        if let items { value.items = items }
        return value
    }
}

/// A list shape the item-by-item route does not handle (see `ObjectList.decodeDocument`).
private struct LeftToWholeDocument: Error {}
