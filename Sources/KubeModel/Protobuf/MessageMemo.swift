import Foundation

/// Decoded messages by their exact bytes (protobuf, or compact JSON), for the message types that
/// repeat across the objects of one workload (a pod template's containers, volumes,
/// tolerations; the owner every replica shares): a repeated message is decoded once and then
/// copied, so its values also share their storage (arrays, dictionaries, boxes) between the
/// cached objects. Decoders call ``lookUp(_:bytes:)``, decode on a miss, then ``keep(_:_:bytes:)``
/// (`ProtobufReader.message(_:)`, `TapeContext.kept(_:at:_:)`).
///
/// Direct-mapped like the string table: the bytes hash to one of ``slots`` slots, a slot
/// holding the same type and the same bytes is a hit. A message is kept only the second time
/// its hash comes to its slot (the first time the slot only notes the hash), so a message seen
/// once — a pod's own token volume, a unique container — is never copied into the table.
/// A decode is a pure function of the bytes, so a hit is exactly the value a decode would give.
/// A message longer than ``maxBytes`` is never kept.
struct MessageMemo {
    /// Number of slots (a power of two).
    static let slots = 4096
    /// Largest message kept (a pod template's container is a few KB).
    static let maxBytes = 16 * 1024

    /// Allocated on first use, so that tables that never see protobuf pay nothing.
    private var entries: [Entry?] = []
    /// The hash last seen in each slot, whether kept or not.
    private var seen: [UInt64] = []
    private(set) var hits = 0
    private(set) var misses = 0

    /// A kept message: its type and bytes (the key), and in the subclass its value.
    class Entry {
        let type: ObjectIdentifier
        let hash: UInt64
        let bytes: [UInt8]

        init(type: ObjectIdentifier, hash: UInt64, bytes: UnsafeRawBufferPointer) {
            self.type = type
            self.hash = hash
            self.bytes = Array(bytes)
        }

        @inline(__always)
        func matches(_ type: ObjectIdentifier, _ hash: UInt64, _ other: UnsafeRawBufferPointer) -> Bool {
            guard self.hash == hash, self.type == type, bytes.count == other.count else { return false }
            return bytes.withUnsafeBytes { memcmp($0.baseAddress!, other.baseAddress!, other.count) == 0 }
        }
    }

    final class TypedEntry<T>: Entry {
        let value: T

        init(type: ObjectIdentifier, hash: UInt64, bytes: UnsafeRawBufferPointer, value: T) {
            self.value = value
            super.init(type: type, hash: hash, bytes: bytes)
        }
    }

    /// Where a message is kept: its slot and its key's hash.
    struct Key {
        let slot: Int
        let hash: UInt64
        let type: ObjectIdentifier
    }

    /// The kept value of the message `bytes` of type `T`, or nil with the key under which
    /// ``keep(_:_:bytes:)`` keeps it once decoded (nil too for a message seen for the first time
    /// or too long to keep).
    /// The decode runs between the two calls, not inside one: it looks up its own parts here.
    @inline(__always)
    mutating func lookUp<T>(_ type: T.Type, bytes: UnsafeRawBufferPointer) -> (value: T?, key: Key?) {
        guard bytes.count <= Self.maxBytes else { return (nil, nil) }
        if entries.isEmpty {
            entries = Array(repeating: nil, count: Self.slots)
            seen = Array(repeating: 0, count: Self.slots)
        }
        let id = ObjectIdentifier(T.self)
        let hash = Self.hash(bytes) ^ UInt64(UInt(bitPattern: id))
        let slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & (Self.slots - 1)
        if let entry = entries[slot], entry.matches(id, hash, bytes) {
            hits += 1
            return (unsafeDowncast(entry, to: TypedEntry<T>.self).value, nil)
        }
        misses += 1
        guard seen[slot] == hash else {
            seen[slot] = hash
            return (nil, nil)
        }
        return (nil, Key(slot: slot, hash: hash, type: id))
    }

    /// Keeps `value`, decoded from `bytes`, under `key` (replacing what its slot held).
    mutating func keep<T>(_ value: T, _ key: Key, bytes: UnsafeRawBufferPointer) {
        entries[key.slot] = TypedEntry(type: key.type, hash: key.hash, bytes: bytes, value: value)
    }

    /// A hash of every byte, four independent 64-bit lanes at a time (a kept message is compared
    /// in full on a hit, so this only has to spread slots, and messages that differ in the
    /// middle — one volume mount's name — must not share one).
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var a: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(bytes.count)
        var b: UInt64 = 0x1319_8A2E_0370_7344
        var c: UInt64 = 0xA409_3822_299F_31D0
        var d: UInt64 = 0x082E_FA98_EC4E_6C89
        var i = 0
        let n = bytes.count
        while i + 32 <= n {
            a = (a ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* k
            b = (b ^ bytes.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)) &* k
            c = (c ^ bytes.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)) &* k
            d = (d ^ bytes.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)) &* k
            a ^= a >> 31
            b ^= b >> 31
            c ^= c >> 31
            d ^= d >> 31
            i += 32
        }
        while i + 8 <= n {
            a = (a ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* k
            a ^= a >> 31
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        var h = (a ^ tail) &* k
        h = (h ^ (b &* 0xC2B2_AE3D_27D4_EB4F)) &* k
        h = (h ^ (c &* 0x1656_67B1_9E37_79F9)) &* k
        h = (h ^ (d &* 0x27D4_EB2F_1656_67C5)) &* k
        return h ^ (h >> 32)
    }
}
