/// The kind of one JSON value on a ``JSONTape``.
enum JSONKind: UInt8 {
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
struct TapeEntry {
    var kind: JSONKind
    var flag: Bool
    var a: UInt32
    var b: UInt32

    @inline(__always)
    init(_ kind: JSONKind, flag: Bool = false, _ a: UInt32, _ b: UInt32) {
        self.kind = kind
        self.flag = flag
        self.a = a
        self.b = b
    }

    @inline(__always) var isContainer: Bool { kind.rawValue >= JSONKind.object.rawValue }
}

/// A one-pass structural index over JSON bytes: every value in document order, with skip
/// pointers for containers. Built by ``JSONTapeParser``; read by the fast decoder.
struct JSONTape {
    var entries: [TapeEntry]

    /// The tape index of the value after the value at `i` (skipping its descendants).
    @inline(__always)
    func next(after i: Int) -> Int {
        let e = entries[i]
        return e.isContainer ? Int(e.a) : i + 1
    }
}
