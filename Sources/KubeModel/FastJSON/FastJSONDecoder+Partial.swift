/// The `PartialObjectMetadata` fast path: only `apiVersion`, `kind` and `metadata` are indexed.
extension FastJSONDecoder {
    /// Decodes the type and metadata of any object. Other top-level members are skipped by
    /// structure only (brackets, strings and escapes are matched; their content is not otherwise
    /// validated), which is what makes metadata-only decoding cheap.
    func decodePartialObjectMetadata(from bytes: UnsafeRawBufferPointer) throws -> PartialObjectMetadata {
        var parser = try JSONTapeParser(bytes: bytes, maxDepth: configuration.maxDepth)
        parser.skipWhitespace()
        guard parser.pos < parser.end, parser.base[parser.pos] == UInt8(ascii: "{") else {
            // Not an object: decode normally for the usual type error.
            let tape = try parser.parseDocument()
            let context = TapeContext(base: parser.base, tape: tape, userInfo: configuration.userInfo)
            return try PartialObjectMetadata(from: TapeDecoder(context: context, index: 0))
        }
        parser.pos += 1
        parser.tape.append(TapeEntry(.object, 0, 0))
        var members: UInt32 = 0
        parser.skipWhitespace()
        if parser.pos < parser.end, parser.base[parser.pos] == UInt8(ascii: "}") {
            parser.pos += 1
        } else {
            while true {
                guard parser.pos < parser.end, parser.base[parser.pos] == UInt8(ascii: "\"") else {
                    throw parser.error(parser.pos < parser.end ? .unexpectedByte : .unexpectedEnd, "a string key")
                }
                let keyStart = parser.pos + 1
                let escaped = try parser.scanString()
                let key = TapeEntry.key(base: parser.base, start: keyStart, end: parser.pos - 1, escaped: escaped)
                parser.skipWhitespace()
                guard parser.pos < parser.end, parser.base[parser.pos] == UInt8(ascii: ":") else {
                    throw parser.error(parser.pos < parser.end ? .unexpectedByte : .unexpectedEnd, "':' after an object key")
                }
                parser.pos += 1
                parser.skipWhitespace()
                if !escaped, Self.isPartialKey(UnsafeBufferPointer(start: parser.base + keyStart, count: Int(key.b - key.a))) {
                    parser.tape.append(key)
                    try parser.parseValue()
                    members += 1
                } else {
                    var scanner = StructuralScanner(base: parser.base, end: parser.end, pos: parser.pos,
                                                    maxDepth: configuration.maxDepth)
                    try scanner.skipValue()
                    parser.pos = scanner.pos
                }
                parser.skipWhitespace()
                guard parser.pos < parser.end else { throw parser.error(.unexpectedEnd, "',' or '}'") }
                let c = parser.base[parser.pos]
                parser.pos += 1
                if c == UInt8(ascii: "}") { break }
                guard c == UInt8(ascii: ",") else {
                    parser.pos -= 1
                    throw parser.error(.unexpectedByte, "',' or '}' after an object member")
                }
                parser.skipWhitespace()
            }
        }
        parser.skipWhitespace()
        if parser.pos != parser.end { throw parser.error(.trailingData, "the end of the input after the top-level value") }
        parser.tape[0].a = UInt32(parser.tape.count)
        parser.tape[0].b = members
        let context = TapeContext(base: parser.base, tape: parser.takeTape(), userInfo: configuration.userInfo)
        return try PartialObjectMetadata(from: TapeDecoder(context: context, index: 0))
    }

    private static func isPartialKey(_ k: UnsafeBufferPointer<UInt8>) -> Bool {
        switch k.count {
        case 4: return k.elementsEqual("kind".utf8)
        case 8: return k.elementsEqual("metadata".utf8)
        case 10: return k.elementsEqual("apiVersion".utf8)
        default: return false
        }
    }
}
