/// The kind of one JSON value on the tape (``TapeEntry``).
@usableFromInline package enum JSONKind: UInt8 {
    case null, `false`, `true`, number, string, object, array
}

/// One value of a parsed document: 12 bytes, no pointers.
///
/// - scalars: `a..<b` is the byte range of the text (for strings, between the quotes);
///   `flag` means "contains escapes" for strings and "integer syntax" (no fraction or exponent)
///   for numbers.
/// - containers: `a` is the tape index just past the container's last descendant (so a value
///   is skipped in O(1)), `b` the number of members (objects) or elements (arrays). An object's
///   members follow it as key (string entry), value, key, value, …
///
/// Object keys also carry a 16-bit fingerprint (length, first and last byte) in what would
/// otherwise be padding, so a key lookup rejects almost every other member without reading bytes.
@usableFromInline package struct TapeEntry {
    @usableFromInline package var kind: JSONKind
    @usableFromInline package var flag: Bool
    @usableFromInline package var fingerprint: UInt16 = 0
    @usableFromInline package var a: UInt32
    @usableFromInline package var b: UInt32

    @inlinable @inline(__always)
    package init(_ kind: JSONKind, flag: Bool = false, _ a: UInt32, _ b: UInt32) {
        self.kind = kind
        self.flag = flag
        self.a = a
        self.b = b
    }

    /// A key entry for the unescaped or escaped string body at `start..<end` of `base`.
    @inlinable @inline(__always)
    package static func key(base: UnsafePointer<UInt8>, start: Int, end: Int, escaped: Bool) -> TapeEntry {
        var e = TapeEntry(.string, flag: escaped, UInt32(start), UInt32(end))
        if !escaped {
            e.fingerprint = TapeEntry.fingerprint(UnsafeBufferPointer(start: base + start, count: end - start))
        }
        return e
    }

    /// Length, first and last byte of a key, folded into 16 bits.
    @inlinable @inline(__always)
    package static func fingerprint(_ key: UnsafeBufferPointer<UInt8>) -> UInt16 {
        let n = key.count
        guard n > 0 else { return 0 }
        return UInt16(truncatingIfNeeded: n) << 10 ^ UInt16(key[0] & 0x1F) << 5 ^ UInt16(key[n - 1] & 0x1F)
    }

    @inlinable @inline(__always) package var isContainer: Bool { kind.rawValue >= JSONKind.object.rawValue }
}
