/// Walking one object's members by hand, for decoders that treat some members specially (read
/// only some, decode a list's items one at a time) instead of indexing the whole document.
extension JSONTapeParser {
    /// Parses the top-level object member by member. The tape gets the object's entry; for each
    /// member, `member` is called with `pos` at the value and the key's entry (not yet on the
    /// tape), and must move `pos` past the value: ``appendMember(_:)`` to index it (then return
    /// `true`, so that the object counts it), or ``skipValue()`` or its own reading (return
    /// `false`). Separators are checked, and that nothing but whitespace follows the object.
    ///
    /// - Returns: `false`, with nothing consumed, when the document is not an object.
    @usableFromInline package mutating func parseTopLevelObject(
        member: (inout JSONTapeParser, _ key: TapeEntry) throws -> Bool
    ) throws -> Bool {
        skipWhitespace()
        guard pos < end, base[pos] == UInt8(ascii: "{") else { return false }
        pos += 1
        let object = tape.count
        tape.append(TapeEntry(.object, 0, 0))
        var members: UInt32 = 0
        skipWhitespace()
        if pos < end, base[pos] == UInt8(ascii: "}") {
            pos += 1
        } else {
            while true {
                guard pos < end, base[pos] == UInt8(ascii: "\"") else {
                    throw error(pos < end ? .unexpectedByte : .unexpectedEnd, "a string key")
                }
                let keyStart = pos + 1
                let escaped = try scanString()
                let key = TapeEntry.key(base: base, start: keyStart, end: pos - 1, escaped: escaped)
                skipWhitespace()
                guard pos < end, base[pos] == UInt8(ascii: ":") else {
                    throw error(pos < end ? .unexpectedByte : .unexpectedEnd, "':' after an object key")
                }
                pos += 1
                skipWhitespace()
                if try member(&self, key) { members += 1 }
                skipWhitespace()
                guard pos < end else { throw error(.unexpectedEnd, "',' or '}'") }
                let c = base[pos]
                if c == UInt8(ascii: "}") {
                    pos += 1
                    break
                }
                guard c == UInt8(ascii: ",") else { throw error(.unexpectedByte, "',' or '}' after an object member") }
                pos += 1
                skipWhitespace()
            }
        }
        skipWhitespace()
        if pos != end { throw error(.trailingData, "the end of the input after the top-level value") }
        tape[object].a = UInt32(tape.count)
        tape[object].b = members
        return true
    }

    /// Puts the member with key `key` on the tape: the key, then the value at `pos`.
    @usableFromInline package mutating func appendMember(_ key: TapeEntry) throws {
        tape.append(key)
        try parseValue()
    }

    /// Moves `pos` past the value there, checking only its structure (see ``StructuralScanner``).
    @usableFromInline package mutating func skipValue() throws {
        var scanner = StructuralScanner(base: base, end: end, pos: pos, maxDepth: maxDepth)
        try scanner.skipValue()
        pos = scanner.pos
    }

    /// Whether the unescaped key `key` spells `name`.
    @usableFromInline package func keyIs(_ key: TapeEntry, _ name: StaticString) -> Bool {
        !key.flag && TapeKey(bytes: base + Int(key.a), count: Int(key.b &- key.a), fingerprint: key.fingerprint).matches(name)
    }

    /// Decodes the elements of the array at `pos` one at a time, each parsed onto a tape of its
    /// own and handed to `element` while its bytes and tape are still in cache (instead of one
    /// tape for the whole array). The array counts as one level of nesting.
    @usableFromInline package mutating func decodeElements<Element>(
        userInfo: [CodingUserInfoKey: any Sendable], _ element: (TapeContext) throws -> Element
    ) throws -> [Element] {
        guard pos < end, base[pos] == UInt8(ascii: "[") else {
            throw error(pos < end ? .unexpectedByte : .unexpectedEnd, "'[' starting an array")
        }
        var outerTape: [TapeEntry] = []
        swap(&outerTape, &tape)
        defer {
            swap(&outerTape, &tape)
            maxDepth += 1
        }
        maxDepth -= 1
        pos += 1
        skipWhitespace()
        var out: [Element] = []
        if pos < end, base[pos] == UInt8(ascii: "]") {
            pos += 1
            return out
        }
        var capacity = 64
        while true {
            tape.reserveCapacity(capacity)
            try parseValue()
            let elementTape = takeTape()
            capacity = elementTape.count
            out.append(try element(TapeContext(base: base, tape: elementTape, userInfo: userInfo)))
            skipWhitespace()
            guard pos < end else { throw error(.unexpectedEnd, "',' or ']'") }
            let c = base[pos]
            pos += 1
            if c == UInt8(ascii: "]") { return out }
            guard c == UInt8(ascii: ",") else { throw error(.unexpectedByte, "',' or ']' after an array element") }
            skipWhitespace()
        }
    }
}
