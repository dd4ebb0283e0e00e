import FastJSON
import Foundation
import Synchronization

/// A bounded table of decoded strings, so that equal strings of many cached objects (label
/// keys and values, node names, images, managed-fields text) share one heap buffer.
///
/// Direct-mapped: a string's bytes hash to one of `capacity` slots; a slot holding the same
/// bytes is a hit (the stored string is returned, sharing its storage), anything else is a miss
/// that replaces the slot. Unique values therefore only churn slots: the table never holds more
/// than `capacity` strings. Only strings longer than 15 UTF-8 bytes are worth it (shorter ones
/// live inside the `String` value). A decode locks the table once per object, not per string.
public final class StringInterner: Sendable {
    /// The slots; only touched with the lock held (inside ``withTable(_:)``).
    package struct Table {
        var strings: [String?]
        var hashes: [UInt64]
        let mask: Int
        var hits = 0
        var misses = 0
        /// Parsed quantities by their text ("100m", "128Mi" repeat in every pod's resources):
        /// direct-mapped like the strings, ``quantitySlots`` slots.
        var quantityTexts: [String]
        var quantities: [Quantity]
        static let quantitySlots = 1024
        /// Decoded messages of the types that repeat across a workload's objects, by their
        /// protobuf bytes and by their (compact) JSON bytes.
        var messages = MessageMemo()
        var jsonMessages = MessageMemo()

        init(capacity: Int) {
            var size = 1
            while size < capacity { size <<= 1 }
            strings = Array(repeating: nil, count: size)
            hashes = Array(repeating: 0, count: size)
            mask = size - 1
            quantityTexts = Array(repeating: "", count: Self.quantitySlots)
            quantities = Array(repeating: Quantity(mantissa: 0), count: Self.quantitySlots)
        }

        /// The quantity of the text `bytes`: from the table when it parsed the same text before,
        /// else parsed by `parse` and remembered.
        package mutating func quantity<E: Error>(
            _ bytes: UnsafeRawBufferPointer, parse: (String) throws(E) -> Quantity
        ) throws(E) -> Quantity {
            let slot = Int(truncatingIfNeeded: Self.hash(bytes)) & (Self.quantitySlots - 1)
            if !bytes.isEmpty, Self.equal(quantityTexts[slot], bytes) { return quantities[slot] }
            let text = String(decoding: bytes, as: UTF8.self)
            let value = try parse(text)
            quantityTexts[slot] = text
            quantities[slot] = value
            return value
        }

        /// The string of `bytes`, from the table when it holds the same bytes.
        package mutating func intern(_ bytes: UnsafeRawBufferPointer) -> String {
            let hash = Self.hash(bytes)
            let slot = Int(truncatingIfNeeded: hash) & mask
            if hashes[slot] == hash, let stored = strings[slot], Self.equal(stored, bytes) {
                hits += 1
                return stored
            }
            misses += 1
            let fresh = String(decoding: bytes, as: UTF8.self)
            strings[slot] = fresh
            hashes[slot] = hash
            return fresh
        }

        /// FNV-1a over 8-byte words, then the tail bytes: cheap and good enough to spread slots.
        /// Past 64 bytes only the length, the first 32 and the last 32 bytes are hashed (a
        /// managed-fields text is kilobytes): equality is always checked on every byte, so
        /// texts that share both ends only share a slot.
        @inline(__always)
        static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
            if bytes.count > 64 {
                return hash(UnsafeRawBufferPointer(rebasing: bytes[..<32]))
                    &+ hash(UnsafeRawBufferPointer(rebasing: bytes[(bytes.count - 32)...])) &* 31
                    ^ UInt64(bytes.count)
            }
            var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(bytes.count)
            var i = 0
            while i + 8 <= bytes.count {
                h = (h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x100_0000_01B3
                h ^= h >> 29
                i += 8
            }
            while i < bytes.count {
                h = (h ^ UInt64(bytes[i])) &* 0x100_0000_01B3
                i += 1
            }
            return h ^ (h >> 32)
        }

        @inline(__always)
        static func equal(_ s: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
            var s = s
            return s.withUTF8 { u in
                u.count == bytes.count && (u.count == 0 || memcmp(u.baseAddress!, bytes.baseAddress!, u.count) == 0)
            }
        }
    }

    /// The `userInfo` key under which a JSON decode finds the interner for managed-fields text.
    public static let userInfoKey = CodingUserInfoKey(rawValue: "io.kinformer.StringInterner")!

    private let table: Mutex<Table>
    /// Number of slots (a power of two at least the requested capacity).
    public let capacity: Int

    /// A table of at least `capacity` slots (default 64 Ki: a few MiB at most).
    public init(capacity: Int = 65_536) {
        let t = Table(capacity: max(1, capacity))
        self.capacity = t.strings.count
        self.table = Mutex(t)
    }

    /// Lookups answered from the table and lookups that stored a new string.
    public var counters: (hits: Int, misses: Int) {
        table.withLock { ($0.hits, $0.misses) }
    }

    /// Kept messages (``MessageMemo``, protobuf and JSON together): lookups answered from the
    /// table and lookups that decoded.
    package var messageCounters: (hits: Int, misses: Int) {
        table.withLock { ($0.messages.hits + $0.jsonMessages.hits, $0.messages.misses + $0.jsonMessages.misses) }
    }

    /// Runs `body` with the table locked, e.g. for one object's decode.
    package func withTable<T, E: Error>(
        _ body: (UnsafeMutablePointer<Table>) throws(E) -> T
    ) throws(E) -> T {
        var result: Result<T, E>?
        table.withLock { (t: inout Table) in
            withUnsafeMutablePointer(to: &t) { p in
                do throws(E) { result = .success(try body(p)) } catch { result = .failure(error) }
            }
        }
        return try result!.get()
    }

    /// Runs a JSON decode of `context` (e.g. one object's) with its strings interned through
    /// this table, which stays locked for the call: names and uids excepted, every string
    /// longer than 15 bytes without escapes comes from the table, as in a protobuf decode, and
    /// quantities are parsed once per distinct text.
    package func decoding<T>(_ context: TapeContext, _ body: () throws -> T) throws -> T {
        try withTable { (table) throws -> T in
            context.internString = { table.pointee.intern($0) }
            context.callerTable = UnsafeMutableRawPointer(table)
            defer {
                context.internString = nil
                context.callerTable = nil
            }
            return try body()
        }
    }

    /// Interns one string (locks once): for callers outside a protobuf decode, e.g. JSON.
    public func intern(_ string: String) -> String {
        guard string.utf8.count > 15 else { return string }
        var s = string
        return s.withUTF8 { u in withTable { $0.pointee.intern(UnsafeRawBufferPointer(u)) } }
    }
}
