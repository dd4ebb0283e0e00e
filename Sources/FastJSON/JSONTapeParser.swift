/// Validates JSON bytes (RFC 8259: grammar, escapes, surrogate pairs, UTF-8, nesting limit) and
/// records every value on a tape of ``TapeEntry`` values in a single pass, without allocating per value.
@usableFromInline package struct JSONTapeParser {
    @usableFromInline package let base: UnsafePointer<UInt8>
    @usableFromInline package let end: Int
    /// Nesting allowed below the value being parsed (the list decoder lowers it for items).
    @usableFromInline package var maxDepth: Int
    @usableFromInline package var pos = 0
    @usableFromInline package var tape: [TapeEntry] = []
    private var stack: [Int] = []
    /// Whether any whitespace was skipped: if not, every value's bytes are already compact JSON.
    @usableFromInline package var sawWhitespace = false

    /// Parses `bytes`; the pointer must stay valid while the parser is used.
    @usableFromInline package init(bytes: UnsafeRawBufferPointer, maxDepth: Int) throws {
        guard bytes.count < Int(UInt32.max) else {
            throw FastJSONError(code: .tooLarge, offset: 0, expected: "at most 4 GiB of input")
        }
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            throw FastJSONError(code: .unexpectedEnd, offset: 0, expected: "a value (the input is empty)")
        }
        self.base = base.assumingMemoryBound(to: UInt8.self)
        self.end = bytes.count
        self.maxDepth = maxDepth
        tape.reserveCapacity(bytes.count / 8 + 4)
        stack.reserveCapacity(16)
    }

    /// Parses the whole input as one value surrounded by optional whitespace.
    @usableFromInline package mutating func parseDocument() throws -> [TapeEntry] {
        skipWhitespace()
        try parseValue()
        skipWhitespace()
        if pos != end { throw error(.trailingData, "the end of the input after the top-level value") }
        return takeTape()
    }

    /// Appends the sentinel `null` (for decoders of absent values; its flag says whether the
    /// input had no whitespace, see ``TapeContext/isCompactDocument``) and hands the tape over
    /// without copying it.
    @usableFromInline package mutating func takeTape() -> [TapeEntry] {
        tape.append(TapeEntry(.null, flag: !sawWhitespace, 0, 0))
        var out: [TapeEntry] = []
        swap(&out, &tape)
        return out
    }

    // MARK: - Values

    /// Parses exactly one value (with its descendants) at `pos` and appends it to the tape.
    @usableFromInline package mutating func parseValue() throws {
        let baseDepth = stack.count
        valueLoop: while true {
            guard pos < end else { throw error(.unexpectedEnd, "a value") }
            switch base[pos] {
            case UInt8(ascii: "{"):
                let idx = try open(.object)
                skipWhitespace()
                if pos < end, base[pos] == UInt8(ascii: "}") {
                    pos += 1
                    close(idx)
                } else {
                    try parseKey()
                    tape[idx].b = 1
                    continue valueLoop
                }
            case UInt8(ascii: "["):
                let idx = try open(.array)
                skipWhitespace()
                if pos < end, base[pos] == UInt8(ascii: "]") {
                    pos += 1
                    close(idx)
                } else {
                    tape[idx].b = 1
                    continue valueLoop
                }
            case UInt8(ascii: "\""):
                let start = pos + 1
                let escaped = try scanString()
                tape.append(TapeEntry(.string, flag: escaped, UInt32(start), UInt32(pos - 1)))
            case UInt8(ascii: "t"):
                try literal("true", .true)
            case UInt8(ascii: "f"):
                try literal("false", .false)
            case UInt8(ascii: "n"):
                try literal("null", .null)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = pos
                let integer = try scanNumber()
                tape.append(TapeEntry(.number, flag: integer, UInt32(start), UInt32(pos)))
            default:
                throw error(.unexpectedByte, "a value (object, array, string, number, true, false or null)")
            }
            // After a value: close finished containers or move to the next member/element.
            while stack.count > baseDepth {
                let top = stack[stack.count - 1]
                skipWhitespace()
                guard pos < end else { throw error(.unexpectedEnd, "',' or the end of a container") }
                let c = base[pos]
                if tape[top].kind == .object {
                    if c == UInt8(ascii: ",") {
                        pos += 1
                        skipWhitespace()
                        try parseKey()
                        tape[top].b += 1
                        continue valueLoop
                    }
                    guard c == UInt8(ascii: "}") else { throw error(.unexpectedByte, "',' or '}' after an object member") }
                } else {
                    if c == UInt8(ascii: ",") {
                        pos += 1
                        skipWhitespace()
                        tape[top].b += 1
                        continue valueLoop
                    }
                    guard c == UInt8(ascii: "]") else { throw error(.unexpectedByte, "',' or ']' after an array element") }
                }
                pos += 1
                close(top)
            }
            return
        }
    }

    @inline(__always)
    private mutating func open(_ kind: JSONKind) throws -> Int {
        guard stack.count < maxDepth else {
            throw error(.tooDeep, "nesting of at most \(maxDepth) arrays/objects")
        }
        let idx = tape.count
        tape.append(TapeEntry(kind, 0, 0))
        stack.append(idx)
        pos += 1
        return idx
    }

    @inline(__always)
    private mutating func close(_ idx: Int) {
        if stack.last == idx { stack.removeLast() }
        tape[idx].a = UInt32(tape.count)
    }

    /// Parses `"key"` `:` and the whitespace after it; the key goes on the tape as a string.
    @inline(__always)
    private mutating func parseKey() throws {
        guard pos < end, base[pos] == UInt8(ascii: "\"") else {
            throw error(pos < end ? .unexpectedByte : .unexpectedEnd, "a string key")
        }
        let start = pos + 1
        let escaped = try scanString()
        tape.append(TapeEntry.key(base: base, start: start, end: pos - 1, escaped: escaped))
        skipWhitespace()
        guard pos < end, base[pos] == UInt8(ascii: ":") else {
            throw error(pos < end ? .unexpectedByte : .unexpectedEnd, "':' after an object key")
        }
        pos += 1
        skipWhitespace()
    }

    private mutating func literal(_ text: StaticString, _ kind: JSONKind) throws {
        let n = text.utf8CodeUnitCount
        let t = text.utf8Start
        for k in 0..<n {
            guard pos + k < end else {
                pos += k
                throw error(.unexpectedEnd, "'\(text)'")
            }
            guard base[pos + k] == t[k] else {
                pos += k
                throw error(.unexpectedByte, "'\(text)'")
            }
        }
        tape.append(TapeEntry(kind, UInt32(pos), UInt32(pos + n)))
        pos += n
    }

    @inline(__always)
    @usableFromInline package mutating func skipWhitespace() {
        while pos < end {
            let c = base[pos]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            sawWhitespace = true
            pos += 1
        }
    }

    @usableFromInline package func error(_ code: FastJSONError.Code, _ expected: String) -> FastJSONError {
        FastJSONError(code: code, offset: pos, expected: expected)
    }
}
