import FastJSON

extension TapeContext {
    /// The value of type `T` at tape index `i`: kept from an earlier decode of the same JSON
    /// bytes when the decode interns (``StringInterner/decoding(_:_:)``, for the message types
    /// kube-modelgen lists as repeating across objects), else decoded by `decode` (and kept).
    /// Only the input's own bytes are a key: a document with whitespace is decoded as usual.
    @inline(__always)
    package func kept<T>(_ type: T.Type, at i: Int, _ decode: (Int) throws -> T) throws -> T {
        guard let raw = callerTable, let bytes = compactInputBytes(at: i) else { return try decode(i) }
        let table = raw.assumingMemoryBound(to: StringInterner.Table.self)
        let (value, key) = table.pointee.jsonMessages.lookUp(T.self, bytes: bytes)
        if let value { return value }
        let decoded = try decode(i)
        if let key { table.pointee.jsonMessages.keep(decoded, key, bytes: bytes) }
        return decoded
    }
}
