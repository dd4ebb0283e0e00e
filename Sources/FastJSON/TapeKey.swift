/// The unescaped UTF-8 bytes of an object key and their ``TapeEntry`` fingerprint, as handed to a
/// direct decoder's key table (`tapeField`), which switches on the fingerprint and then confirms
/// the bytes with ``matches(_:)``.
@usableFromInline package struct TapeKey {
    @usableFromInline package let bytes: UnsafePointer<UInt8>
    @usableFromInline package let count: Int
    @usableFromInline package let fingerprint: UInt16

    @inlinable @inline(__always)
    package init(bytes: UnsafePointer<UInt8>, count: Int, fingerprint: UInt16) {
        self.bytes = bytes
        self.count = count
        self.fingerprint = fingerprint
    }

    /// Whether the key spells `name` exactly.
    @inlinable @inline(__always)
    package func matches(_ name: StaticString) -> Bool {
        guard name.utf8CodeUnitCount == count else { return false }
        let other = name.utf8Start
        var i = 0
        while i < count {
            if bytes[i] != other[i] { return false }
            i &+= 1
        }
        return true
    }
}
