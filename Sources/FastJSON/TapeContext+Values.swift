/// Typed reads of tape values, with `DecodingError`s that carry the coding path.
extension TapeContext {
    // MARK: - Coding paths (computed only when asked for, e.g. for errors)

    /// The coding path from the root to the value at tape index `target`, rebuilt from the
    /// tape's skip pointers so that no path is maintained while decoding succeeds.
    @usableFromInline package func codingPath(to target: Int) -> [any CodingKey] {
        var path: [any CodingKey] = []
        var i = 0
        while i != target, i < tape.count {
            let e = tape[i]
            guard e.isContainer, target > i, target < Int(e.a) else { break }
            if e.kind == .object {
                var k = i + 1
                while k < Int(e.a) {
                    let valueEnd = next(after: k + 1)
                    if target < valueEnd {
                        path.append(AnyCodingKey(string(of: tape[k])))
                        i = k + 1
                        break
                    }
                    k = valueEnd
                }
            } else {
                var k = i + 1
                var n = 0
                while k < Int(e.a) {
                    let valueEnd = next(after: k)
                    if target < valueEnd {
                        path.append(AnyCodingKey(intValue: n)!)
                        i = k
                        break
                    }
                    k = valueEnd
                    n += 1
                }
            }
        }
        return path
    }

    // MARK: - Errors

    @usableFromInline package func kindName(_ kind: JSONKind) -> String {
        switch kind {
        case .null: return "null"
        case .true, .false: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .object: return "an object"
        case .array: return "an array"
        }
    }

    /// `valueNotFound` for null, `typeMismatch` otherwise.
    @usableFromInline package func mismatch(_ type: Any.Type, at i: Int, expected: String) -> DecodingError {
        let kind = tape[i].kind
        let context = DecodingError.Context(
            codingPath: codingPath(to: i),
            debugDescription: "Expected to decode \(type) (\(expected)) but found \(kindName(kind)) instead.")
        return kind == .null ? .valueNotFound(type, context) : .typeMismatch(type, context)
    }

    @usableFromInline package func notRepresentable(_ type: Any.Type, at i: Int) -> DecodingError {
        let text = String(decoding: bytes(of: tape[i]), as: UTF8.self)
        return .dataCorrupted(.init(
            codingPath: codingPath(to: i),
            debugDescription: "Number \(text) does not fit in \(type); use a wider type (e.g. Int64 or Double)."))
    }

    // MARK: - Scalars

    @inlinable @inline(__always)
    package func decodeString(at i: Int) throws -> String {
        let e = tape[i]
        guard e.kind == .string else { throw mismatch(String.self, at: i, expected: "a string") }
        return string(of: e)
    }

    /// Like ``decodeString(at:)``, for a string unique to its object (never interned).
    @inlinable @inline(__always)
    package func decodeUniqueString(at i: Int) throws -> String {
        let e = tape[i]
        guard e.kind == .string else { throw mismatch(String.self, at: i, expected: "a string") }
        return uniqueString(of: e)
    }

    @inlinable @inline(__always)
    package func decodeBool(at i: Int) throws -> Bool {
        switch tape[i].kind {
        case .true: return true
        case .false: return false
        default: throw mismatch(Bool.self, at: i, expected: "true or false")
        }
    }

    /// Any fixed-width integer, with a range check. Numbers with a fraction or exponent are
    /// accepted when their value is an integer in range (`1e3` → 1000), as Foundation does.
    @inlinable @inline(__always)
    package func decodeInteger<I: FixedWidthInteger>(_ type: I.Type, at i: Int) throws -> I {
        let e = tape[i]
        guard e.kind == .number else { throw mismatch(I.self, at: i, expected: "a number") }
        if e.flag, let v = integerValue(I.self, e) { return v }
        if !e.flag, let d = parseDouble(e), d.isFinite, d.rounded(.towardZero) == d, let v = I(exactly: d) {
            return v
        }
        throw notRepresentable(I.self, at: i)
    }

    /// An integer-syntax number as `I`, or `nil` on overflow.
    @inlinable @inline(__always)
    package func integerValue<I: FixedWidthInteger>(_ type: I.Type, _ e: TapeEntry) -> I? {
        var p = base + Int(e.a)
        let end = base + Int(e.b)
        let negative = p.pointee == UInt8(ascii: "-")
        if negative { p += 1 }
        var magnitude: UInt64 = 0
        while p < end {
            let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(p.pointee &- UInt8(ascii: "0")))
            if o1 || o2 { return nil }
            magnitude = s
            p += 1
        }
        if !negative { return I(exactly: magnitude) }
        if magnitude == 0 { return 0 }
        guard I.isSigned, let limit = UInt64(exactly: I.max), magnitude <= limit + 1 else { return nil }
        return magnitude == limit + 1 ? I.min : 0 - I(magnitude)
    }

    /// The number's value as a `Double` (correctly rounded), or `nil` if it overflows to infinity.
    @inlinable @inline(__always)
    package func parseDouble(_ e: TapeEntry) -> Double? {
        if e.flag, e.b - e.a <= 15, let v = integerValue(Int64.self, e) { return Double(v) }  // exact
        let raw = bytes(of: e)
        guard let d = Double(String(decoding: raw, as: UTF8.self)), d.isFinite else { return nil }
        if d == 0 {
            // Underflow to zero is "not representable" (as Foundation has it), unlike a literal zero.
            for c in raw {
                if c | 0x20 == UInt8(ascii: "e") { break }
                if c >= UInt8(ascii: "1"), c <= UInt8(ascii: "9") { return nil }
            }
        }
        return d
    }

    @inlinable @inline(__always)
    package func decodeDouble(at i: Int) throws -> Double {
        let e = tape[i]
        guard e.kind == .number else { throw mismatch(Double.self, at: i, expected: "a number") }
        guard let d = parseDouble(e) else { throw notRepresentable(Double.self, at: i) }
        return d
    }

    @usableFromInline package func decodeFloat(at i: Int) throws -> Float {
        let d = try decodeDouble(at: i)
        let f = Float(d)
        guard f.isFinite, f != 0 || d == 0 else { throw notRepresentable(Float.self, at: i) }
        return f
    }


}
