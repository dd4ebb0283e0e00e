import Foundation

/// A bounds-checked reader of protobuf wire format over borrowed bytes.
///
/// Decoders loop over `next()`, switch on the field number and call the read matching the
/// field's declared type (each checks the wire type); unknown fields are passed to `skip()`.
/// A nested message is read by a child reader over the same bytes (`message(_:)`), whose
/// depth is one more, so hostile nesting fails cleanly at ``maxDepth``. Offsets in errors count
/// from the start of the outermost buffer. The reader never outlives the bytes it borrows.
package struct ProtobufReader {
    /// Deepest nesting of messages accepted.
    package static let maxDepth = 100

    /// Wire types of the protobuf encoding.
    package enum WireType {
        package static let varint: UInt8 = 0
        package static let fixed64: UInt8 = 1
        package static let lengthDelimited: UInt8 = 2
        package static let fixed32: UInt8 = 5
    }

    @usableFromInline let base: UnsafeRawPointer
    /// Offset of the next unread byte.
    package private(set) var position: Int
    /// Offset just past the last byte of this message.
    package let end: Int
    package let depth: Int
    /// Field number and wire type of the field `next()` returned last.
    package private(set) var field: Int = 0
    package private(set) var wireType: UInt8 = 0
    /// The interning table, held (locked) for the whole decode, or nil.
    let interner: UnsafeMutablePointer<StringInterner.Table>?
    /// apiVersion and kind of the envelope, given only to the outermost message's decoder
    /// (protobuf objects carry their type in the envelope, not in the message). Borrowed, so
    /// that the reader holds no references and copying or dropping a child reader costs nothing.
    var typeMetaPointer: UnsafePointer<(apiVersion: String, kind: String)>?

    /// apiVersion and kind of the envelope (outermost message only), or nil.
    package var typeMeta: (apiVersion: String, kind: String)? { typeMetaPointer?.pointee }

    /// A reader over `bytes`, whose lifetime must span the reader's use.
    package init(_ bytes: UnsafeRawBufferPointer, interner: UnsafeMutablePointer<StringInterner.Table>? = nil) {
        self.base = bytes.baseAddress.map { UnsafeRawPointer($0) } ?? UnsafeRawPointer(bitPattern: 0x10)!
        self.position = 0
        self.end = bytes.count
        self.depth = 0
        self.interner = interner
    }

    private init(parent: borrowing ProtobufReader, range: Range<Int>) {
        self.base = parent.base
        self.position = range.lowerBound
        self.end = range.upperBound
        self.depth = parent.depth + 1
        self.interner = parent.interner
    }

    package var isAtEnd: Bool { position >= end }

    package func error(_ reason: String, at offset: Int? = nil) -> ProtobufDecodingError {
        ProtobufDecodingError(reason, at: offset ?? position)
    }

    // MARK: - Fields

    /// The next field's number, or nil at the end of the message.
    @inline(__always)
    package mutating func next() throws(ProtobufDecodingError) -> Int? {
        guard position < end else { return nil }
        let start = position
        let key = try varint()
        let number = key >> 3
        guard number > 0, number <= 0x1FFF_FFFF else { throw error("invalid field number \(number)", at: start) }
        field = Int(number)
        wireType = UInt8(key & 7)
        return field
    }

    /// Skips the current field's value, whatever its wire type.
    package mutating func skip() throws(ProtobufDecodingError) {
        switch wireType {
        case WireType.varint: _ = try varint()
        case WireType.fixed64: try advance(8)
        case WireType.lengthDelimited: position = try lengthDelimited().upperBound
        case WireType.fixed32: try advance(4)
        default:
            throw error("field \(field) has wire type \(wireType) (groups or invalid), which Kubernetes never writes")
        }
    }

    /// Moves past `n` raw bytes (e.g. the envelope's magic).
    package mutating func skipBytes(_ n: Int) throws(ProtobufDecodingError) { try advance(n) }

    @inline(__always)
    private mutating func advance(_ n: Int) throws(ProtobufDecodingError) {
        guard end - position >= n else { throw error("truncated: \(n) bytes needed, \(end - position) left") }
        position += n
    }

    @inline(__always)
    private func expect(_ type: UInt8, _ what: StaticString) throws(ProtobufDecodingError) {
        guard wireType == type else {
            throw error("field \(field) has wire type \(wireType), but \(what) needs wire type \(type)")
        }
    }

    // MARK: - Scalars

    /// A base-128 varint (at most 10 bytes).
    @inline(__always)
    package mutating func varint() throws(ProtobufDecodingError) -> UInt64 {
        if position < end {
            let b = base.load(fromByteOffset: position, as: UInt8.self)
            if b < 0x80 {
                position += 1
                return UInt64(b)
            }
        }
        return try varintSlow()
    }

    private mutating func varintSlow() throws(ProtobufDecodingError) -> UInt64 {
        let start = position
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw error("truncated varint", at: start) }
            let b = base.load(fromByteOffset: position, as: UInt8.self)
            position += 1
            if shift == 63, b > 1 { throw error("varint longer than 64 bits", at: start) }
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
        }
    }

    package mutating func int64() throws(ProtobufDecodingError) -> Int64 {
        try expect(WireType.varint, "an int64")
        return Int64(bitPattern: try varint())
    }

    package mutating func int32() throws(ProtobufDecodingError) -> Int32 {
        try expect(WireType.varint, "an int32")
        return Int32(truncatingIfNeeded: try varint())
    }

    package mutating func bool() throws(ProtobufDecodingError) -> Bool {
        try expect(WireType.varint, "a bool")
        return try varint() != 0
    }

    package mutating func double() throws(ProtobufDecodingError) -> Double {
        try expect(WireType.fixed64, "a double")
        let start = position
        try advance(8)
        return Double(bitPattern: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: start, as: UInt64.self)))
    }

    package mutating func fixed32() throws(ProtobufDecodingError) -> UInt32 {
        try expect(WireType.fixed32, "a fixed32")
        let start = position
        try advance(4)
        return UInt32(littleEndian: base.loadUnaligned(fromByteOffset: start, as: UInt32.self))
    }

    package mutating func fixed64() throws(ProtobufDecodingError) -> UInt64 {
        try expect(WireType.fixed64, "a fixed64")
        let start = position
        try advance(8)
        return UInt64(littleEndian: base.loadUnaligned(fromByteOffset: start, as: UInt64.self))
    }

    // MARK: - Length-delimited

    /// The byte range of the current length-delimited value; the reader moves past it.
    @inline(__always)
    package mutating func lengthDelimited() throws(ProtobufDecodingError) -> Range<Int> {
        guard wireType == WireType.lengthDelimited else {
            throw error("field \(field) has wire type \(wireType), but a string, bytes or message needs wire type 2")
        }
        let start = position
        let length = try varint()
        guard length <= UInt64(end - position) else {
            throw error("truncated: field \(field) declares \(length) bytes, \(end - position) left", at: start)
        }
        let range = position..<position + Int(length)
        position = range.upperBound
        return range
    }

    /// The bytes of `range` (which must lie within this reader's buffer).
    package func buffer(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    package mutating func string() throws(ProtobufDecodingError) -> String {
        let bytes = buffer(try lengthDelimited())
        // Short strings are stored inline in the String itself: interning them saves nothing.
        if let interner, bytes.count > 15 { return interner.pointee.intern(bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A string that is (nearly) unique to its object — a name, a uid: not interned, so it
    /// neither costs a lookup nor evicts a string that repeats.
    package mutating func uniqueString() throws(ProtobufDecodingError) -> String {
        String(decoding: buffer(try lengthDelimited()), as: UTF8.self)
    }

    package mutating func bytes() throws(ProtobufDecodingError) -> [UInt8] {
        Array(buffer(try lengthDelimited()))
    }

    /// A `bytes` field as the base64 text JSON carries it (our models keep `[]byte` as that text).
    package mutating func base64() throws(ProtobufDecodingError) -> String {
        Data(buffer(try lengthDelimited())).base64EncodedString()
    }

    /// A nested message, decoded by a child reader one level deeper.
    @inline(__always)
    package mutating func message<T: ProtobufDecodable>(_ type: T.Type) throws(ProtobufDecodingError) -> T {
        var child = try nestedReader()
        if T.protobufMemoized, let interner, child.position < child.end {
            let bytes = buffer(child.position..<child.end)
            let (kept, key) = interner.pointee.messages.lookUp(T.self, bytes: bytes)
            if let kept { return kept }
            let value = try decodeChild(&child, T.self)
            if let key { interner.pointee.messages.keep(value, key, bytes: bytes) }
            return value
        }
        return try decodeChild(&child, T.self)
    }

    @inline(__always)
    private func decodeChild<T: ProtobufDecodable>(_ child: inout ProtobufReader, _ type: T.Type) throws(ProtobufDecodingError) -> T {
        do {
            return try T(protobuf: &child)
        } catch {
            throw error.inside("field \(field) (\(T.self))")
        }
    }

    /// A reader spanning the current length-delimited field, one level deeper (for a message read
    /// in place, like Go's inlined structs).
    @inline(__always)
    package mutating func nestedReader() throws(ProtobufDecodingError) -> ProtobufReader {
        let range = try lengthDelimited()
        guard depth < Self.maxDepth else {
            throw error("messages nested deeper than \(Self.maxDepth) levels", at: range.lowerBound)
        }
        return ProtobufReader(parent: self, range: range)
    }

    /// Reads the current length-delimited field as a message with `body`, whose reader spans it.
    package mutating func nested<T>(
        _ what: StaticString, _ body: (inout ProtobufReader) throws(ProtobufDecodingError) -> T
    ) throws(ProtobufDecodingError) -> T {
        var child = try nestedReader()
        let outer = field
        do {
            return try body(&child)
        } catch {
            throw error.inside("field \(outer) (\(what))")
        }
    }

    // MARK: - Repeated and map fields

    /// An element of a list or map that JSON cannot hold as null (e.g. a zero `Time`).
    package func nonNull<T>(_ value: T?) throws(ProtobufDecodingError) -> T {
        guard let value else { throw error("field \(field) holds a zero value where JSON needs one (null is not allowed here)") }
        return value
    }

    /// Reads one element of a repeated field with `read` and appends it. The first element
    /// creates the array with room for every occurrence of the field left in this message, so
    /// it never regrows (each regrowth allocates anew and frees the old buffer).
    @inline(__always)
    package mutating func appendRepeated<T>(
        to array: inout [T]?, _ read: (inout ProtobufReader) throws(ProtobufDecodingError) -> T
    ) throws(ProtobufDecodingError) {
        if array == nil {
            var fresh: [T] = []
            fresh.reserveCapacity(occurrencesFromHere())
            array = fresh
        }
        let element = try read(&self)
        array!.append(element)
    }

    /// Reads one element of a repeated field whose property is not optional, and appends it.
    @inline(__always)
    package mutating func appendRepeated<T>(
        to array: inout [T], _ read: (inout ProtobufReader) throws(ProtobufDecodingError) -> T
    ) throws(ProtobufDecodingError) {
        if array.isEmpty { array.reserveCapacity(occurrencesFromHere()) }
        let element = try read(&self)
        array.append(element)
    }

    /// How many occurrences of the current field follow one another from here, itself included:
    /// a scan of keys that skips values. Encoders write a repeated field's elements (and a map's
    /// entries) together, so this is the element count; it is only a capacity hint, and
    /// malformed bytes end it early (the decode itself then reports them).
    package func occurrencesFromHere() -> Int {
        var r = ProtobufReader(parent: self, range: position..<end)
        r.field = field
        r.wireType = wireType
        var count = 1
        while (try? r.skip()) != nil, let next = try? r.next(), next == field, r.wireType == wireType {
            count += 1
        }
        return count
    }

    /// Appends to a repeated field, creating the array on the first element. The element is
    /// taken, not copied (a copy of a struct retains each of its references).
    @inline(__always)
    package static func append<T>(_ element: consuming T, to array: inout [T]?) {
        if array != nil { array!.append(element) } else { array = [element] }
    }

    /// Appends one element, or all elements of a packed run, of a repeated varint field.
    package mutating func appendVarints<T>(
        to array: inout [T]?, _ convert: (UInt64) -> T
    ) throws(ProtobufDecodingError) {
        try forEachVarint { Self.append(convert($0), to: &array) }
    }

    /// Appends to a repeated varint field whose property is not optional.
    package mutating func appendVarints<T>(
        to array: inout [T], _ convert: (UInt64) -> T
    ) throws(ProtobufDecodingError) {
        try forEachVarint { array.append(convert($0)) }
    }

    /// Calls `body` with the one element, or every element of a packed run, of a repeated varint field.
    @inline(__always)
    private mutating func forEachVarint(_ body: (UInt64) -> Void) throws(ProtobufDecodingError) {
        if wireType == WireType.lengthDelimited {
            let range = try lengthDelimited()
            var packed = ProtobufReader(parent: self, range: range)
            while !packed.isAtEnd { body(try packed.varint()) }
        } else {
            try expect(WireType.varint, "a repeated integer")
            body(try varint())
        }
    }

    /// One entry of a `map<string, V>` field (a message with key = 1, value = 2). The first entry
    /// creates the map with room for the run of entries that follows.
    package mutating func mapEntry<V>(
        into map: inout [String: V]?, value read: (inout ProtobufReader) throws(ProtobufDecodingError) -> V
    ) throws(ProtobufDecodingError) {
        try insertEntry(into: &map) { (r: inout ProtobufReader) throws(ProtobufDecodingError) in try r.mapEntry(read) }
    }

    /// One entry of a map field whose property is not optional.
    package mutating func mapEntry<V>(
        into map: inout [String: V], value read: (inout ProtobufReader) throws(ProtobufDecodingError) -> V
    ) throws(ProtobufDecodingError) {
        try insertEntry(into: &map) { (r: inout ProtobufReader) throws(ProtobufDecodingError) in try r.mapEntry(read) }
    }

    /// Stores the entry `entry` reads, the first one creating the map sized for the run of entries.
    @inline(__always)
    private mutating func insertEntry<V>(
        into map: inout [String: V]?, _ entry: (inout ProtobufReader) throws(ProtobufDecodingError) -> (String, V)
    ) throws(ProtobufDecodingError) {
        if map == nil { map = Dictionary(minimumCapacity: occurrencesFromHere()) }
        let (key, value) = try entry(&self)
        map![key] = value
    }

    /// Stores the entry `entry` reads into a map that is not optional, sized on its first entry.
    @inline(__always)
    private mutating func insertEntry<V>(
        into map: inout [String: V], _ entry: (inout ProtobufReader) throws(ProtobufDecodingError) -> (String, V)
    ) throws(ProtobufDecodingError) {
        if map.isEmpty { map.reserveCapacity(occurrencesFromHere()) }
        let (key, value) = try entry(&self)
        map[key] = value
    }

    @inline(__always)
    private mutating func mapEntry<V>(
        _ read: (inout ProtobufReader) throws(ProtobufDecodingError) -> V
    ) throws(ProtobufDecodingError) -> (String, V) {
        let outer = field
        return try nested("map entry") { (r: inout ProtobufReader) throws(ProtobufDecodingError) in
            var key = ""
            var value: V?
            while let f = try r.next() {
                switch f {
                case 1: key = try r.string()
                case 2: value = try read(&r)
                default: try r.skip()
                }
            }
            guard let value else { throw r.error("map entry '\(key)' of field \(outer) has no value") }
            return (key, value)
        }
    }

    /// One entry of a `map<string, string>` field; a missing value is "" as in protobuf.
    @inline(__always)
    package mutating func stringMapEntry(into map: inout [String: String]?) throws(ProtobufDecodingError) {
        try insertEntry(into: &map) { (r: inout ProtobufReader) throws(ProtobufDecodingError) in try r.textMapEntry(base64: false) }
    }

    /// One entry of a `map<string, string>` field whose property is not optional.
    package mutating func stringMapEntry(into map: inout [String: String]) throws(ProtobufDecodingError) {
        try insertEntry(into: &map) { (r: inout ProtobufReader) throws(ProtobufDecodingError) in try r.textMapEntry(base64: false) }
    }

    /// One entry of a `map<string, bytes>` field, kept as base64 text like the JSON models.
    package mutating func base64MapEntry(into map: inout [String: String]?) throws(ProtobufDecodingError) {
        try insertEntry(into: &map) { (r: inout ProtobufReader) throws(ProtobufDecodingError) in try r.textMapEntry(base64: true) }
    }

    /// One entry of a `map<string, bytes>` field whose property is not optional.
    package mutating func base64MapEntry(into map: inout [String: String]) throws(ProtobufDecodingError) {
        try insertEntry(into: &map) { (r: inout ProtobufReader) throws(ProtobufDecodingError) in try r.textMapEntry(base64: true) }
    }

    /// The key and value of one `map<string, string|bytes>` entry.
    @inline(__always)
    private mutating func textMapEntry(base64: Bool) throws(ProtobufDecodingError) -> (String, String) {
        let range = try lengthDelimited()
        var r = ProtobufReader(parent: self, range: range)
        var key = ""
        var value = ""
        while let f = try r.next() {
            switch f {
            case 1: key = try r.string()
            case 2: value = base64 ? try r.base64() : try r.string()
            default: try r.skip()
            }
        }
        return (key, value)
    }
}

/// Zero to nil for the non-pointer `omitempty` Go scalars gogo-protobuf always writes.
@inline(__always) package func omitZero<T: BinaryInteger>(_ v: T) -> T? { v == 0 ? nil : v }
@inline(__always) package func omitZero(_ v: Bool) -> Bool? { v ? true : nil }
@inline(__always) package func omitZero(_ v: Double) -> Double? { v == 0 ? nil : v }
@inline(__always) package func omitZero(_ v: String) -> String? { v.isEmpty ? nil : v }
