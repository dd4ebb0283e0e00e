/// Reads of KubeModel's hand-written value types from their protobuf messages.
extension ProtobufReader {
    /// Go's zero `time.Time` in Unix seconds: a non-pointer `metav1.Time` that was never set.
    static let goZeroTimeSeconds: Int64 = -62_135_596_800

    /// seconds = 1, nanos = 2 of a `metav1.Time`/`MicroTime`, or nil for the zero time (an empty
    /// message, as apimachinery writes it, or Go's zero instant): JSON has `null` for both.
    private mutating func timestamp() throws(ProtobufDecodingError) -> (seconds: Int64, nanos: Int32)? {
        try nested("Timestamp") { (r: inout ProtobufReader) throws(ProtobufDecodingError) in
            var seconds: Int64 = 0
            var nanos: Int32 = 0
            var empty = true
            while let f = try r.next() {
                empty = false
                switch f {
                case 1: seconds = try r.int64()
                case 2: nanos = try r.int32()
                default: try r.skip()
                }
            }
            if empty || (seconds == Self.goZeroTimeSeconds && nanos == 0) { return nil }
            return (seconds, nanos)
        }
    }

    /// A `metav1.Time` (second precision, as its JSON form); nil for the zero time.
    package mutating func time() throws(ProtobufDecodingError) -> Time? {
        try timestamp().map { Time(secondsSinceEpoch: $0.seconds) }
    }

    /// A `metav1.MicroTime`; nil for the zero time.
    package mutating func microTime() throws(ProtobufDecodingError) -> MicroTime? {
        try timestamp().map { MicroTime(microsecondsSinceEpoch: $0.seconds * 1_000_000 + Int64($0.nanos / 1000)) }
    }

    /// A `resource.Quantity` {string = 1}. With an interner, a text parsed before is not parsed again.
    package mutating func quantity() throws(ProtobufDecodingError) -> Quantity {
        let start = position
        let range = try nested("Quantity") { (r: inout ProtobufReader) throws(ProtobufDecodingError) -> Range<Int>? in
            var text: Range<Int>?
            while let f = try r.next() {
                if f == 1 { text = try r.lengthDelimited() } else { try r.skip() }
            }
            return text
        }
        let bytes = range.map { buffer($0) } ?? UnsafeRawBufferPointer(start: nil, count: 0)
        let field = self.field
        let parse = { (text: String) throws(ProtobufDecodingError) -> Quantity in
            do {
                return try Quantity(text)
            } catch {
                throw ProtobufDecodingError("'\(text)' in field \(field) is not a quantity: \(error)", at: start)
            }
        }
        if let interner { return try interner.pointee.quantity(bytes, parse: parse) }
        return try parse(String(decoding: bytes, as: UTF8.self))
    }

    /// An `intstr.IntOrString` {type = 1 (0 int, 1 string), intVal = 2, strVal = 3}.
    package mutating func intOrString() throws(ProtobufDecodingError) -> IntOrString {
        try nested("IntOrString") { (r: inout ProtobufReader) throws(ProtobufDecodingError) in
            var type: Int64 = 0
            var int: Int32 = 0
            var string = ""
            while let f = try r.next() {
                switch f {
                case 1: type = try r.int64()
                case 2: int = try r.int32()
                case 3: string = try r.string()
                default: try r.skip()
                }
            }
            switch type {
            case 0: return .int(int)
            case 1: return .string(string)
            default: throw r.error("IntOrString has type \(type); expected 0 (int) or 1 (string)")
            }
        }
    }

    /// A `runtime.RawExtension` or `apiextensions JSON` {raw = 1}, whose bytes are JSON text;
    /// nil when empty.
    package mutating func jsonValue() throws(ProtobufDecodingError) -> JSONValue? {
        let range = try nested("RawExtension") { (r: inout ProtobufReader) throws(ProtobufDecodingError) in
            var raw: Range<Int>?
            while let f = try r.next() {
                if f == 1 { raw = try r.lengthDelimited() } else { try r.skip() }
            }
            return raw
        }
        guard let range, !range.isEmpty else { return nil }
        let bytes = buffer(range)
        if bytes.starts(with: KubeProtobuf.magic) {
            throw error("field \(field) embeds a protobuf object; only JSON raw extensions are supported", at: range.lowerBound)
        }
        do {
            return try KubeJSON.decode(JSONValue.self, raw: bytes)
        } catch {
            throw self.error("field \(field) holds invalid JSON: \(error)", at: range.lowerBound)
        }
    }

    /// A `metav1.FieldsV1` {Raw = 1}: the server's compact JSON text, kept as text (interned:
    /// pods of one template have identical managed fields).
    package mutating func fieldsV1() throws(ProtobufDecodingError) -> FieldsV1 {
        let text = try nested("FieldsV1") { (r: inout ProtobufReader) throws(ProtobufDecodingError) in
            var s = ""
            while let f = try r.next() {
                if f == 1 { s = try r.string() } else { try r.skip() }
            }
            return s
        }
        // The server validated and wrote this text; checking its outline keeps junk out cheaply.
        guard text.utf8.first == UInt8(ascii: "{"), text.utf8.last == UInt8(ascii: "}") else {
            throw error("fieldsV1 in field \(field) is not a JSON object")
        }
        return FieldsV1(validatedJSON: text)
    }
}
