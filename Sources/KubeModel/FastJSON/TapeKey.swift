/// The unescaped UTF-8 bytes of an object key and their ``TapeEntry`` fingerprint, as handed to a
/// direct decoder's key table (`tapeField`), which switches on the fingerprint and then confirms
/// the bytes with ``matches(_:)``.
struct TapeKey {
    let bytes: UnsafePointer<UInt8>
    let count: Int
    let fingerprint: UInt16

    @inline(__always)
    init(bytes: UnsafePointer<UInt8>, count: Int, fingerprint: UInt16) {
        self.bytes = bytes
        self.count = count
        self.fingerprint = fingerprint
    }

    /// Whether the key spells `name` exactly.
    @inline(__always)
    func matches(_ name: StaticString) -> Bool {
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
