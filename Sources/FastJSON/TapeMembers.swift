/// A one-pass cursor over the members of a tape object, for direct decoders (``TapeDecodable``).
///
/// ``next(_:)`` resolves each key through the decoder's key table (fingerprint switch, then a
/// byte comparison; escaped keys are unescaped first) and yields the field number, skipping
/// unknown keys and repeated ones: the first occurrence of a key wins, as with Foundation.
@usableFromInline package struct TapeMembers {
    @usableFromInline let context: TapeContext
    /// Tape index of the next member's key.
    @usableFromInline var cursor: Int
    @usableFromInline let end: Int
    /// Fields 0–63 already seen.
    @usableFromInline var seen: UInt64 = 0
    /// Fields from 64 on already seen (allocated only for types that have that many).
    @usableFromInline var seenBeyond: [UInt64] = []
    /// The tape index of the value of the member last returned by ``next(_:)``.
    @usableFromInline package var value = 0

    /// A cursor over the object at `index`; a type error naming `type` if it is not an object.
    @inlinable @inline(__always)
    package init(_ context: TapeContext, object index: Int, of type: Any.Type) throws {
        let e = context.tape[index]
        guard e.kind == .object else { throw context.mismatch(type, at: index, expected: "an object") }
        self.context = context
        cursor = index + 1
        end = Int(e.a)
    }

    /// The field number of the next member the key table knows (its value at ``value``), or `nil`
    /// at the end of the object. `field` maps a key to a field number, or to -1 if unknown.
    @inlinable @inline(__always)
    package mutating func next(_ field: (TapeKey) -> Int) -> Int? {
        while cursor < end {
            let key = context.tape[cursor]
            let v = cursor + 1
            cursor = context.next(after: v)
            let f = key.flag
                ? context.escapedField(key, field)
                : field(TapeKey(bytes: context.base + Int(key.a), count: Int(key.b &- key.a), fingerprint: key.fingerprint))
            if f < 0 { continue }
            if f < 64 {
                let bit: UInt64 = 1 << UInt64(f)
                if seen & bit != 0 { continue }
                seen |= bit
            } else if !firstSighting(of: f) {
                continue
            }
            value = v
            return f
        }
        return nil
    }

    @usableFromInline mutating func firstSighting(of f: Int) -> Bool {
        let word = (f - 64) >> 6
        let bit: UInt64 = 1 << UInt64((f - 64) & 63)
        while seenBeyond.count <= word { seenBeyond.append(0) }
        if seenBeyond[word] & bit != 0 { return false }
        seenBeyond[word] |= bit
        return true
    }
}
