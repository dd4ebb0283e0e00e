/// String and number scanning: validation only; values are materialised later, on demand.
extension JSONTapeParser {
    /// Scans a string whose opening quote is at `pos`; leaves `pos` after the closing quote.
    /// Validates escapes (including surrogate pairs) and UTF-8. Returns whether it has escapes.
    @inline(__always)
    @usableFromInline package mutating func scanString() throws -> Bool {
        let quote = pos
        pos += 1
        var escaped = false
        while true {
            // Eight bytes at a time while none is '"', '\\', a control character or non-ASCII.
            while pos &+ 8 <= end {
                let w = UnsafeRawPointer(base + pos).loadUnaligned(as: UInt64.self)
                if JSONTapeParser.hasSpecialByte(w) { break }
                pos &+= 8
            }
            guard pos < end else {
                pos = quote
                throw error(.unexpectedEnd, "a closing '\"' for the string starting here")
            }
            let c = base[pos]
            if c == UInt8(ascii: "\"") {
                pos += 1
                return escaped
            } else if c == UInt8(ascii: "\\") {
                escaped = true
                try scanEscape()
            } else if c < 0x20 {
                throw error(.invalidString, "no unescaped control character (U+0000–U+001F) in a string")
            } else if c >= 0x80 {
                try scanUTF8Sequence()
            } else {
                pos += 1
            }
        }
    }

    /// Whether any byte of `w` is '"', '\\', below 0x20 or above 0x7F.
    @inline(__always)
    @usableFromInline package static func hasSpecialByte(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let q = w ^ (ones &* 0x22)
        let b = w ^ (ones &* 0x5C)
        let hasQuote = (q &- ones) & ~q
        let hasBackslash = (b &- ones) & ~b
        let hasControl = (w &- ones &* 0x20) & ~w
        return ((hasQuote | hasBackslash | hasControl) & high) | (w & high) != 0
    }

    /// Validates the escape at `pos` (a backslash) and moves past it.
    private mutating func scanEscape() throws {
        guard pos + 1 < end else { throw error(.unexpectedEnd, "an escape sequence") }
        switch base[pos + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
            UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            pos += 2
        case UInt8(ascii: "u"):
            let unit = try hex4(at: pos + 2)
            if unit >= 0xD800, unit <= 0xDBFF {
                guard pos + 7 < end, base[pos + 6] == UInt8(ascii: "\\"), base[pos + 7] == UInt8(ascii: "u") else {
                    throw error(.invalidEscape, "a '\\uDC00'–'\\uDFFF' low surrogate after a high surrogate")
                }
                let low = try hex4(at: pos + 8)
                guard low >= 0xDC00, low <= 0xDFFF else {
                    pos += 6
                    throw error(.invalidEscape, "a '\\uDC00'–'\\uDFFF' low surrogate after a high surrogate")
                }
                pos += 12
            } else if unit >= 0xDC00, unit <= 0xDFFF {
                throw error(.invalidEscape, "no lone low surrogate (a '\\uD800'–'\\uDBFF' high surrogate first)")
            } else {
                pos += 6
            }
        default:
            throw error(.invalidEscape, "one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")
        }
    }

    private func hex4(at i: Int) throws -> UInt32 {
        guard i + 4 <= end else {
            throw FastJSONError(code: .unexpectedEnd, offset: end, expected: "four hex digits after '\\u'")
        }
        var v: UInt32 = 0
        for k in 0..<4 {
            guard let d = JSONTapeParser.hexValue(base[i + k]) else {
                throw FastJSONError(code: .invalidEscape, offset: i + k, expected: "a hex digit in '\\uXXXX'")
            }
            v = v << 4 | UInt32(d)
        }
        return v
    }

    @inline(__always)
    @usableFromInline package static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Validates one multi-byte UTF-8 sequence at `pos` (well-formed per Unicode 3.9 table 3-7:
    /// no overlong forms, no surrogates, nothing above U+10FFFF) and moves past it.
    private mutating func scanUTF8Sequence() throws {
        let c = base[pos]
        var need: Int
        var lo: UInt8 = 0x80
        var hi: UInt8 = 0xBF
        switch c {
        case 0xC2...0xDF: need = 1
        case 0xE0: need = 2; lo = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: need = 2
        case 0xED: need = 2; hi = 0x9F
        case 0xF0: need = 3; lo = 0x90
        case 0xF1...0xF3: need = 3
        case 0xF4: need = 3; hi = 0x8F
        default: throw error(.invalidString, "well-formed UTF-8 (invalid lead byte)")
        }
        var i = pos + 1
        while need > 0 {
            guard i < end else { throw error(.invalidString, "well-formed UTF-8 (truncated sequence)") }
            let b = base[i]
            guard b >= lo, b <= hi else {
                throw FastJSONError(code: .invalidString, offset: i, expected: "well-formed UTF-8 (bad continuation byte)")
            }
            lo = 0x80
            hi = 0xBF
            need -= 1
            i += 1
        }
        pos = i
    }

    /// Scans a number at `pos`: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    /// Returns whether it has integer syntax (no fraction, no exponent).
    @inline(__always)
    @usableFromInline package mutating func scanNumber() throws -> Bool {
        if base[pos] == UInt8(ascii: "-") { pos += 1 }
        guard pos < end else { throw error(.unexpectedEnd, "a digit") }
        let first = base[pos]
        if first == UInt8(ascii: "0") {
            pos += 1
            if pos < end, isDigit(base[pos]) { throw error(.invalidNumber, "no leading zero in a number") }
        } else if isDigit(first) {
            pos += 1
            while pos < end, isDigit(base[pos]) { pos += 1 }
        } else {
            throw error(.invalidNumber, "a digit")
        }
        var integer = true
        if pos < end, base[pos] == UInt8(ascii: ".") {
            integer = false
            pos += 1
            guard pos < end, isDigit(base[pos]) else { throw error(.invalidNumber, "a digit after '.'") }
            while pos < end, isDigit(base[pos]) { pos += 1 }
        }
        if pos < end, base[pos] | 0x20 == UInt8(ascii: "e") {
            integer = false
            pos += 1
            if pos < end, base[pos] == UInt8(ascii: "+") || base[pos] == UInt8(ascii: "-") { pos += 1 }
            guard pos < end, isDigit(base[pos]) else { throw error(.invalidNumber, "a digit in the exponent") }
            while pos < end, isDigit(base[pos]) { pos += 1 }
        }
        return integer
    }

    @inline(__always)
    private func isDigit(_ c: UInt8) -> Bool { c &- UInt8(ascii: "0") < 10 }
}
