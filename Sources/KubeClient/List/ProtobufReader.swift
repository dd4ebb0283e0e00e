/// Reads protobuf wire-format values from a complete message in memory: just what the list
/// scanner needs (varints, length-delimited fields, skipping by wire type).
struct ProtobufReader {
    private let bytes: UnsafeRawBufferPointer
    /// Offset of the next byte to read.
    private(set) var position = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { position >= bytes.count }

    /// The next varint, or `nil` when it is truncated or longer than 10 bytes.
    mutating func varint() -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while position < bytes.count, shift < 64 {
            let c = bytes[position]
            position += 1
            value |= UInt64(c & 0x7F) << shift
            if c & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }

    /// The next length-delimited value, or `nil` when it runs past the end.
    mutating func lengthDelimited() -> UnsafeRawBufferPointer? {
        guard let length = varint(), length <= UInt64(bytes.count - position) else { return nil }
        let start = position
        position += Int(length)
        return UnsafeRawBufferPointer(rebasing: bytes[start..<position])
    }

    /// Skips a value of wire type `wireType`; `false` when it is malformed or unknown.
    mutating func skip(wireType: UInt64) -> Bool {
        switch wireType {
        case 0: return varint() != nil
        case 1, 5:
            let size = wireType == 1 ? 8 : 4
            guard bytes.count - position >= size else { return false }
            position += size
            return true
        case 2: return lengthDelimited() != nil
        default: return false
        }
    }
}
