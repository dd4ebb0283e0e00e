/// The state shared by every decoder and container of one decode call: the input bytes, the tape,
/// and per-object lookup hints. Lives only for the duration of `FastJSONDecoder.decode`.
///
/// Not `Sendable`: a decode runs on one thread, like the `Decoder` values that reference it.
@usableFromInline package final class TapeContext {
    @usableFromInline package let base: UnsafePointer<UInt8>
    @usableFromInline package let tape: [TapeEntry]
    @usableFromInline package let userInfo: [CodingUserInfoKey: any Sendable]
    /// Lookup state per object (hashed by tape index), so keys read in document order are found
    /// on the first comparison and absent keys (optional fields) are usually rejected without a scan.
    @usableFromInline package let hints: UnsafeMutablePointer<LookupHint>
    /// Hint slots - 1: 256 slots, fewer for small documents (one object or event), which are
    /// often decoded directly (``TapeDecodable``) without any lookups.
    @usableFromInline package let hintMask: Int
    /// Builds strings longer than 15 bytes (without escapes) from a caller's table of strings
    /// seen before, so that equal strings share one buffer; nil: every string is new. Set only
    /// for the duration of a decode by a caller that holds the table (e.g. KubeModel's
    /// `StringInterner`, locked once per object).
    @usableFromInline package var internString: ((UnsafeRawBufferPointer) -> String)?
    /// The same caller's table itself, opaque here, for the caller's own value decoders (e.g.
    /// KubeModel's quantities, parsed once per distinct text); set and cleared with `internString`.
    @usableFromInline package var callerTable: UnsafeMutableRawPointer?

    @usableFromInline package init(base: UnsafePointer<UInt8>, tape: [TapeEntry], userInfo: [CodingUserInfoKey: any Sendable]) {
        self.base = base
        self.tape = tape
        self.userInfo = userInfo
        let slots = tape.count >= 8192 ? 256 : 32
        hintMask = slots - 1
        hints = .allocate(capacity: slots)
        hints.initialize(repeating: LookupHint(), count: slots)
    }

    deinit { hints.deallocate() }

    /// The tape index of the value after the value at `i`.
    @inlinable @inline(__always)
    package func next(after i: Int) -> Int {
        let e = tape[i]
        return e.isContainer ? Int(e.a) : i + 1
    }

    /// The bytes of a scalar entry (string content without quotes, number text).
    @inlinable @inline(__always)
    package func bytes(of e: TapeEntry) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + Int(e.a), count: Int(e.b &- e.a))
    }

    // MARK: - Strings

    /// The string at tape index `i`, which must be a string entry.
    @inlinable @inline(__always)
    package func string(of e: TapeEntry) -> String {
        let raw = bytes(of: e)
        if !e.flag {
            // Shorter strings live inside the String value: interning them saves nothing.
            if raw.count > 15, let internString { return internString(UnsafeRawBufferPointer(raw)) }
            return String(decoding: raw, as: UTF8.self)
        }
        return TapeContext.unescape(raw)
    }

    /// The string of a string entry that is (nearly) unique to its object, such as a name or a
    /// uid: never interned, so it neither costs a lookup nor evicts a string that repeats.
    @inlinable @inline(__always)
    package func uniqueString(of e: TapeEntry) -> String {
        let raw = bytes(of: e)
        return e.flag ? TapeContext.unescape(raw) : String(decoding: raw, as: UTF8.self)
    }

    /// Decodes the escapes of a validated string body. The result is never longer than the input.
    @usableFromInline package static func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: max(raw.count, 1)) { out in
            var i = 0
            var o = 0
            let n = raw.count
            while i < n {
                let c = raw[i]
                guard c == UInt8(ascii: "\\") else {
                    out[o] = c
                    o += 1
                    i += 1
                    continue
                }
                let e = raw[i + 1]
                i += 2
                let simple: UInt8
                switch e {
                case UInt8(ascii: "b"): simple = 0x08
                case UInt8(ascii: "f"): simple = 0x0C
                case UInt8(ascii: "n"): simple = 0x0A
                case UInt8(ascii: "r"): simple = 0x0D
                case UInt8(ascii: "t"): simple = 0x09
                case UInt8(ascii: "u"):
                    var scalar = hex4(raw, i)
                    i += 4
                    if scalar >= 0xD800, scalar <= 0xDBFF {
                        let low = hex4(raw, i + 2)
                        i += 6
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    o += encodeUTF8(scalar, into: out, at: o)
                    continue
                default: simple = e  // '"', '\\', '/'
                }
                out[o] = simple
                o += 1
            }
            return o
        }
    }

    private static func hex4(_ raw: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt32 {
        var v: UInt32 = 0
        for k in 0..<4 { v = v << 4 | UInt32(JSONTapeParser.hexValue(raw[i + k]) ?? 0) }
        return v
    }

    private static func encodeUTF8(_ s: UInt32, into out: UnsafeMutableBufferPointer<UInt8>, at o: Int) -> Int {
        switch s {
        case 0..<0x80:
            out[o] = UInt8(s)
            return 1
        case 0x80..<0x800:
            out[o] = UInt8(0xC0 | s >> 6)
            out[o + 1] = UInt8(0x80 | s & 0x3F)
            return 2
        case 0x800..<0x10000:
            out[o] = UInt8(0xE0 | s >> 12)
            out[o + 1] = UInt8(0x80 | s >> 6 & 0x3F)
            out[o + 2] = UInt8(0x80 | s & 0x3F)
            return 3
        default:
            out[o] = UInt8(0xF0 | s >> 18)
            out[o + 1] = UInt8(0x80 | s >> 12 & 0x3F)
            out[o + 2] = UInt8(0x80 | s >> 6 & 0x3F)
            out[o + 3] = UInt8(0x80 | s & 0x3F)
            return 4
        }
    }

    // MARK: - Key lookup

    /// Whether the key entry `e` spells `key` (compared as UTF-8 bytes; escaped keys are decoded first).
    @inlinable @inline(__always)
    package func keyEquals(_ e: TapeEntry, _ key: UnsafeBufferPointer<UInt8>, fingerprint: UInt16) -> Bool {
        if e.flag { return string(of: e).utf8.elementsEqual(key) }
        guard e.fingerprint == fingerprint else { return false }
        let n = Int(e.b &- e.a)
        guard n == key.count else { return false }
        let p = base + Int(e.a)
        var i = 0
        while i < n {
            if p[i] != key[i] { return false }
            i &+= 1
        }
        return true
    }

    /// The tape index of the value of member `key` in the object at `object`, or `nil`.
    @inlinable @inline(__always)
    package func find(_ key: String, in object: Int) -> Int? {
        var key = key
        return key.withUTF8 { find(utf8: $0, in: object) }
    }

    /// Looks `key` up among the object's members, starting after the member found last in this
    /// object and wrapping around. The first miss in an object records a 64-bit filter of its keys'
    /// fingerprints, so later misses are mostly answered without scanning.
    @usableFromInline package func find(utf8 key: UnsafeBufferPointer<UInt8>, in object: Int) -> Int? {
        let obj = tape[object]
        var remaining = Int(obj.b)
        if remaining == 0 { return nil }
        let fingerprint = TapeEntry.fingerprint(key)
        let bit = LookupHint.bit(fingerprint)
        let first = object + 1
        let objectEnd = Int(obj.a)
        let slot = object & hintMask
        var hint = hints[slot]
        var k = first
        if hint.object == object {
            if hint.filter & bit == 0 { return nil }
            if hint.last >= 0 {
                k = next(after: hint.last + 1)
                if k >= objectEnd { k = first }
            }
        } else {
            hint = LookupHint(object: object)
        }
        var filter: UInt64 = 0
        let found: Int? = tape.withUnsafeBufferPointer { entries in
            // Indices stay within the object, whose extent the parser recorded.
            let entries = entries.baseAddress!
            while remaining > 0 {
                let e = entries[k]
                if keyEquals(e, key, fingerprint: fingerprint) { return k }
                filter |= e.flag ? ~0 : LookupHint.bit(e.fingerprint)
                let value = entries[k + 1]
                k = value.isContainer ? Int(value.a) : k + 2
                if k >= objectEnd { k = first }
                remaining -= 1
            }
            return nil
        }
        if let found {
            hint.last = found
            hints[slot] = hint
            return found + 1
        }
        hint.filter = filter
        hints[slot] = hint
        return nil
    }
}

/// Per-object lookup state: the member found last and a filter of the keys present.
@usableFromInline package struct LookupHint {
    @usableFromInline package var object = -1
    /// Tape index of the key found last, or -1.
    @usableFromInline package var last = -1
    /// One bit per key fingerprint present (all ones until a full scan has computed it).
    @usableFromInline package var filter: UInt64 = ~0

    @usableFromInline package init() {}
    @usableFromInline package init(object: Int) { self.object = object }

    @inlinable @inline(__always)
    package static func bit(_ fingerprint: UInt16) -> UInt64 {
        1 << UInt64((fingerprint ^ fingerprint >> 6 ^ fingerprint >> 12) & 63)
    }
}
