extension TapeContext {
    /// The value at tape index `i` as compact JSON text: strings and numbers are copied as they
    /// appear in the input (escapes included), whitespace is dropped. One allocation.
    @usableFromInline package func compactJSON(at i: Int) -> String {
        let length = compactLength(at: i)
        return String(unsafeUninitializedCapacity: length) { out in
            var o = 0
            writeCompact(at: i, into: out, offset: &o)
            return o
        }
    }

    /// Calls `body` with the value at tape index `i` as compact JSON bytes (what
    /// ``compactJSON(at:)`` returns): the input's own bytes when the document has no whitespace
    /// (as the API server writes it), else a compacted copy.
    @usableFromInline package func withCompactJSON<R>(at i: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        if isCompactDocument, let start = rawStart(at: i) {
            return try body(UnsafeRawBufferPointer(start: base + start, count: compactLength(at: i)))
        }
        var text = compactJSON(at: i)
        return try text.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
    }

    /// The input's own bytes of the value at tape index `i` when the document has no
    /// whitespace (so that equal values have equal bytes), else nil.
    @usableFromInline package func compactInputBytes(at i: Int) -> UnsafeRawBufferPointer? {
        guard isCompactDocument, let start = rawStart(at: i), let end = rawEnd(at: i) else { return nil }
        return UnsafeRawBufferPointer(start: base + start, count: end - start)
    }

    /// Offset just past the last byte of the value at `i` in the input, or nil for an empty
    /// array or object.
    private func rawEnd(at i: Int) -> Int? {
        let e = tape[i]
        switch e.kind {
        case .string: return Int(e.b) + 1  // past the closing quote
        case .number: return Int(e.b)
        case .null, .true: return Int(e.a) + 4
        case .false: return Int(e.a) + 5
        case .array, .object:
            // The bracket comes right after the last member's value or the last element.
            let end = Int(e.a)
            guard e.b > 0, i + 1 < end else { return nil }
            var last = i + 1
            var k = next(after: last)
            while k < end {
                last = k
                k = next(after: k)
            }
            return rawEnd(at: last).map { $0 + 1 }
        }
    }

    /// Whether the input had no whitespace at all, so that each value's bytes in it are its
    /// compact text (the parser records this in the sentinel entry's flag).
    @usableFromInline package var isCompactDocument: Bool {
        guard let sentinel = tape.last else { return false }
        return sentinel.kind == .null && sentinel.flag && sentinel.a == 0 && sentinel.b == 0
    }

    /// Offset of the first byte of the value at `i` in the input, or nil for an empty array or
    /// object (whose entry records no offset).
    private func rawStart(at i: Int) -> Int? {
        let e = tape[i]
        switch e.kind {
        case .string: return Int(e.a) - 1  // the opening quote
        case .null, .true, .false, .number: return Int(e.a)
        case .array, .object:
            // The bracket comes right before the first member's key or the first element.
            guard e.b > 0, i + 1 < Int(e.a), let first = rawStart(at: i + 1) else { return nil }
            return first - 1
        }
    }

    /// Bytes ``compactJSON(at:)`` writes for the value at `i`.
    private func compactLength(at i: Int) -> Int {
        let e = tape[i]
        switch e.kind {
        case .null, .true: return 4
        case .false: return 5
        case .number: return Int(e.b &- e.a)
        case .string: return Int(e.b &- e.a) + 2
        case .array, .object:
            // Brackets, separators (members - 1, at least 0) and for objects ':' per member.
            let members = Int(e.b)
            var n = 2 + max(members - 1, 0) + (e.kind == .object ? members : 0)
            var k = i + 1
            let end = Int(e.a)
            while k < end {
                n += compactLength(at: k)
                k = next(after: k)
            }
            return n
        }
    }

    private func writeCompact(at i: Int, into out: UnsafeMutableBufferPointer<UInt8>, offset o: inout Int) {
        @inline(__always) func put(_ byte: UInt8) {
            out[o] = byte
            o += 1
        }
        @inline(__always) func copy(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
            (out.baseAddress! + o).update(from: source, count: bytes.count)
            o += bytes.count
        }
        let e = tape[i]
        switch e.kind {
        case .null: for byte in "null".utf8 { put(byte) }
        case .true: for byte in "true".utf8 { put(byte) }
        case .false: for byte in "false".utf8 { put(byte) }
        case .number: copy(bytes(of: e))
        case .string:
            put(UInt8(ascii: "\""))
            copy(bytes(of: e))
            put(UInt8(ascii: "\""))
        case .array, .object:
            let isObject = e.kind == .object
            put(isObject ? UInt8(ascii: "{") : UInt8(ascii: "["))
            var k = i + 1
            let end = Int(e.a)
            var first = true
            while k < end {
                if !first { put(UInt8(ascii: ",")) }
                first = false
                writeCompact(at: k, into: out, offset: &o)  // a value, or an object's key
                k = next(after: k)
                if isObject {
                    put(UInt8(ascii: ":"))
                    writeCompact(at: k, into: out, offset: &o)
                    k = next(after: k)
                }
            }
            put(isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        }
    }
}
