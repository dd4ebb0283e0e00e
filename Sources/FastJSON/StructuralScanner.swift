/// Finds where a JSON value ends without indexing or fully validating it: brackets must match
/// and strings must be closed (escapes are honoured), but string contents and scalar syntax are
/// left to whoever decodes the value later.
struct StructuralScanner {
    let base: UnsafePointer<UInt8>
    let end: Int
    var pos: Int
    let maxDepth: Int

    /// Moves `pos` past the value that starts at `pos`.
    mutating func skipValue() throws {
        guard pos < end else { throw error(.unexpectedEnd, "a value") }
        let first = base[pos]
        if first == UInt8(ascii: "\"") {
            try skipString()
            return
        }
        guard first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else {
            // A scalar: everything up to the next delimiter.
            let start = pos
            while pos < end {
                let c = base[pos]
                if c == UInt8(ascii: ",") || c == UInt8(ascii: "}") || c == UInt8(ascii: "]") || c == 0x20
                    || c == 0x0A || c == 0x0D || c == 0x09 { break }
                pos += 1
            }
            if pos == start { throw error(.unexpectedByte, "a value") }
            return
        }
        var closers: [UInt8] = []
        repeat {
            guard pos < end else { throw error(.unexpectedEnd, "the end of an array or object") }
            let c = base[pos]
            switch c {
            case UInt8(ascii: "\""):
                try skipString()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard closers.count < maxDepth else {
                    throw error(.tooDeep, "nesting of at most \(maxDepth) arrays/objects")
                }
                closers.append(c + 2)  // '{' + 2 == '}', '[' + 2 == ']'
                pos += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard closers.last == c else {
                    throw error(.unexpectedByte, closers.last.map { "'\(Character(Unicode.Scalar($0)))'" } ?? "a value")
                }
                closers.removeLast()
                pos += 1
            default:
                pos += 1
            }
        } while !closers.isEmpty
    }

    /// Moves `pos` from an opening quote to just past the closing quote.
    @inline(__always)
    mutating func skipString() throws {
        let quote = pos
        pos += 1
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        while true {
            while pos &+ 8 <= end {
                let w = UnsafeRawPointer(base + pos).loadUnaligned(as: UInt64.self)
                let q = w ^ (ones &* 0x22)
                let b = w ^ (ones &* 0x5C)
                if ((q &- ones) & ~q | (b &- ones) & ~b) & high != 0 { break }
                pos &+= 8
            }
            guard pos < end else {
                pos = quote
                throw error(.unexpectedEnd, "a closing '\"' for the string starting here")
            }
            let c = base[pos]
            if c == UInt8(ascii: "\"") {
                pos += 1
                return
            }
            pos += c == UInt8(ascii: "\\") ? 2 : 1
        }
    }

    func error(_ code: FastJSONError.Code, _ expected: String) -> FastJSONError {
        FastJSONError(code: code, offset: pos, expected: expected)
    }
}
