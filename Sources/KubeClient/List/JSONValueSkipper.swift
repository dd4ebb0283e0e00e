/// Finds where one JSON value ends, fed in pieces: strings (with escapes) and nesting are
/// tracked across calls, so a value may span any number of chunks.
///
/// Structural only: it does not validate. The bytes it delimits are parsed afterwards by the
/// validating parser, which reports any malformation exactly (a wrong closing bracket ends the
/// value where the parser will then reject it).
struct JSONValueSkipper: Sendable {
    private var depth = 0
    private var inString = false
    private var escape = false
    private var scalar = false

    /// Starts a value whose first byte is `first` (already consumed by the caller): strings and
    /// containers then end at their closing byte, scalars at the first byte that cannot continue them.
    init(first: UInt8) {
        switch first {
        case UInt8(ascii: "\""): inString = true
        case UInt8(ascii: "{"), UInt8(ascii: "["): depth = 1
        default: scalar = true
        }
    }

    /// Whether the value is a bare scalar (number or literal), which ends at the first
    /// byte that cannot continue it (so also at the end of the input).
    var isScalar: Bool { scalar }

    /// Whether `byte` can start a JSON value.
    static func canStartValue(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""), UInt8(ascii: "-"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            true
        default: false
        }
    }

    /// Scans `p[from..<end]`; returns the index just past the value, or `nil` when it goes on.
    mutating func scan(_ p: UnsafePointer<UInt8>, from: Int, end: Int) -> Int? {
        var i = from
        if scalar {
            while i < end {
                switch p[i] {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                    UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
                    i += 1
                default:
                    return i
                }
            }
            return nil
        }
        while i < end {
            if inString {
                if escape {
                    escape = false
                    i += 1
                    continue
                }
                // Most bytes of a list are inside strings: look at eight at a time for a quote
                // or a backslash (the lowest flagged byte of the zero-byte test is exact).
                while i + 8 <= end {
                    let w = UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
                    let q = w ^ 0x2222_2222_2222_2222
                    let b = w ^ 0x5C5C_5C5C_5C5C_5C5C
                    let hit = ((q &- 0x0101_0101_0101_0101) & ~q | (b &- 0x0101_0101_0101_0101) & ~b)
                        & 0x8080_8080_8080_8080
                    if hit != 0 {
                        i += hit.trailingZeroBitCount >> 3
                        break
                    }
                    i += 8
                }
                while i < end {
                    let c = p[i]
                    if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") { break }
                    i += 1
                }
                guard i < end else { return nil }
                if p[i] == UInt8(ascii: "\\") {
                    escape = true
                    i += 1
                    continue
                }
                inString = false
                i += 1
                if depth == 0 { return i }
                continue
            }
            let c = p[i]
            i += 1
            switch c {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return i }
            default: break
            }
        }
        return nil
    }
}
