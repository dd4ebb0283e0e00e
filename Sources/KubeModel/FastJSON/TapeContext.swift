/// The state shared by every decoder and container of one decode call: the input bytes, the tape,
/// and per-object lookup hints. Lives only for the duration of `FastJSONDecoder.decode`.
///
/// Not `Sendable`: a decode runs on one thread, like the `Decoder` values that reference it.
final class TapeContext {
    let base: UnsafePointer<UInt8>
    let tape: [TapeEntry]
    let userInfo: [CodingUserInfoKey: any Sendable]
    /// Lookup hints keyed by object tape index (hashed): where the last key was found, so keys
    /// read in document order (as synthesised `Decodable` code does for Kubernetes JSON) are found
    /// on the first comparison. Each slot packs `objectIndex << 32 | memberKeyIndex`.
    let hints: UnsafeMutablePointer<UInt64>
    static let hintSlots = 256

    init(base: UnsafePointer<UInt8>, tape: [TapeEntry], userInfo: [CodingUserInfoKey: any Sendable]) {
        self.base = base
        self.tape = tape
        self.userInfo = userInfo
        hints = .allocate(capacity: TapeContext.hintSlots)
        hints.initialize(repeating: UInt64.max, count: TapeContext.hintSlots)
    }

    deinit { hints.deallocate() }

    /// The tape index of the value after the value at `i`.
    @inline(__always)
    func next(after i: Int) -> Int {
        let e = tape[i]
        return e.isContainer ? Int(e.a) : i + 1
    }

    /// The bytes of a scalar entry (string content without quotes, number text).
    @inline(__always)
    func bytes(of e: TapeEntry) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + Int(e.a), count: Int(e.b &- e.a))
    }

    // MARK: - Strings

    /// The string at tape index `i`, which must be a string entry.
    @inline(__always)
    func string(of e: TapeEntry) -> String {
        let raw = bytes(of: e)
        if !e.flag { return String(decoding: raw, as: UTF8.self) }
        return TapeContext.unescape(raw)
    }

    /// Decodes the escapes of a validated string body. The result is never longer than the input.
    static func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> String {
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
    @inline(__always)
    func keyEquals(_ e: TapeEntry, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        if e.flag { return string(of: e).utf8.elementsEqual(key) }
        let n = Int(e.b &- e.a)
        guard n == key.count else { return false }
        if n == 0 { return true }
        return memcmp(base + Int(e.a), key.baseAddress!, n) == 0
    }

    /// The tape index of the value of member `key` in the object at `object`, or `nil`.
    func find(_ key: String, in object: Int) -> Int? {
        var key = key
        return key.withUTF8 { find(utf8: $0, in: object) }
    }

    func find(utf8 key: UnsafeBufferPointer<UInt8>, in object: Int) -> Int? {
        let obj = tape[object]
        let count = Int(obj.b)
        if count == 0 { return nil }
        let slot = object & (TapeContext.hintSlots - 1)
        let hint = hints[slot]
        var k = object + 1
        var start = 0
        if hint >> 32 == UInt64(object) {
            // Start right after the member found last time.
            k = Int(truncatingIfNeeded: hint & 0xFFFF_FFFF)
            start = -1  // unknown ordinal; scan count members with wrap-around
        }
        var remaining = count
        let objectEnd = Int(obj.a)
        if start == -1 {
            k = next(after: k + 1)  // the member after the hinted one
            if k >= objectEnd { k = object + 1 }
        }
        while remaining > 0 {
            if keyEquals(tape[k], key) {
                hints[slot] = UInt64(object) << 32 | UInt64(k)
                return k + 1
            }
            k = next(after: k + 1)
            if k >= objectEnd { k = object + 1 }
            remaining -= 1
        }
        return nil
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
