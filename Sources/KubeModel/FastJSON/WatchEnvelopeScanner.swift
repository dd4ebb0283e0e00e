/// One watch event as framed on the wire, before its object is decoded.
public struct WatchEnvelope: Sendable, Hashable {
    /// `ADDED`, `MODIFIED`, `DELETED`, `BOOKMARK` or `ERROR`.
    public var type: String
    /// Byte range of the `object` member's value within the scanned bytes.
    public var objectRange: Range<Int>

    /// Creates an envelope; normally produced by ``WatchEnvelopeScanner``.
    public init(type: String, objectRange: Range<Int>) {
        self.type = type
        self.objectRange = objectRange
    }
}

/// Reads the envelope of a watch event, `{"type":"ADDED","object":{...}}`, in one pass over the
/// bytes: the type string and the byte range of `object`, which is then decoded once, as the
/// caller's type (typed, `DynamicObject`, `PartialObjectMetadata`, or `Status` for `ERROR`).
///
/// The object is only scanned for structure here; the decoder that reads it validates it fully.
public struct WatchEnvelopeScanner: Sendable {
    /// Maximum nesting of the object; deeper input throws `FastJSONError` (`.tooDeep`).
    public var maxDepth: Int

    /// Creates a scanner (default depth limit 512, as ``FastJSONDecoder``).
    public init(maxDepth: Int = 512) { self.maxDepth = maxDepth }

    /// Scans one event. Members other than `type` and `object` are skipped.
    public func scan(_ bytes: UnsafeRawBufferPointer) throws -> WatchEnvelope {
        var parser = try JSONTapeParser(bytes: bytes, maxDepth: maxDepth)
        var type: String?
        var object: Range<Int>?
        parser.skipWhitespace()
        guard parser.pos < parser.end, parser.base[parser.pos] == UInt8(ascii: "{") else {
            throw parser.error(parser.pos < parser.end ? .unexpectedByte : .unexpectedEnd, "'{' starting a watch event")
        }
        parser.pos += 1
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
                let key = UnsafeBufferPointer(start: parser.base + keyStart, count: parser.pos - 1 - keyStart)
                parser.skipWhitespace()
                guard parser.pos < parser.end, parser.base[parser.pos] == UInt8(ascii: ":") else {
                    throw parser.error(parser.pos < parser.end ? .unexpectedByte : .unexpectedEnd, "':' after an object key")
                }
                parser.pos += 1
                parser.skipWhitespace()
                if !escaped, key.elementsEqual("type".utf8) {
                    guard parser.pos < parser.end, parser.base[parser.pos] == UInt8(ascii: "\"") else {
                        throw parser.error(.unexpectedByte, "a string as the event's \"type\"")
                    }
                    let start = parser.pos + 1
                    let typeEscaped = try parser.scanString()
                    type = Self.eventType(UnsafeBufferPointer(start: parser.base + start, count: parser.pos - 1 - start),
                                          escaped: typeEscaped)
                } else {
                    let start = parser.pos
                    var scanner = StructuralScanner(base: parser.base, end: parser.end, pos: start, maxDepth: maxDepth)
                    try scanner.skipValue()
                    parser.pos = scanner.pos
                    if !escaped, key.elementsEqual("object".utf8) { object = start..<scanner.pos }
                }
                parser.skipWhitespace()
                guard parser.pos < parser.end else { throw parser.error(.unexpectedEnd, "',' or '}'") }
                let c = parser.base[parser.pos]
                if c == UInt8(ascii: "}") {
                    parser.pos += 1
                    break
                }
                guard c == UInt8(ascii: ",") else { throw parser.error(.unexpectedByte, "',' or '}' after a member") }
                parser.pos += 1
                parser.skipWhitespace()
            }
        }
        parser.skipWhitespace()
        if parser.pos != parser.end { throw parser.error(.trailingData, "the end of the event after its closing '}'") }
        guard let type else { throw FastJSONError(code: .missingMember, offset: 0, expected: "a \"type\" member") }
        guard let object else { throw FastJSONError(code: .missingMember, offset: 0, expected: "an \"object\" member") }
        return WatchEnvelope(type: type, objectRange: object)
    }

    /// Scans one event.
    public func scan(_ bytes: [UInt8]) throws -> WatchEnvelope {
        try bytes.withUnsafeBytes { try scan($0) }
    }

    /// The known types without allocating; anything else as decoded text.
    private static func eventType(_ b: UnsafeBufferPointer<UInt8>, escaped: Bool) -> String {
        if !escaped {
            for known in ["ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR"] where b.elementsEqual(known.utf8) {
                return known
            }
            return String(decoding: b, as: UTF8.self)
        }
        return TapeContext.unescape(b)
    }
}
