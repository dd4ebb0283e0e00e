import KubeModel

/// How a ``ResourceClient`` reads `Object` from Kubernetes protobuf: present only for built-in
/// types that have protobuf decoders (every generated type), and only when the client's
/// ``ClientConfiguration/wireFormat`` asks for protobuf. Custom resources, ``DynamicObject`` and
/// metadata-only clients have none and read JSON.
struct ProtobufObjectDecoding<Object: KubernetesObject>: Sendable {
    /// Decodes a whole response or watch-event object (`k8s\0` envelope included).
    let envelope: @Sendable (UnsafeRawBufferPointer) throws(ProtobufDecodingError) -> Object
    /// Decodes one bare item message of a list.
    let message: @Sendable (UnsafeRawBufferPointer) throws(ProtobufDecodingError) -> Object

    /// The decoders of `Object`, or `nil` when it has none.
    init?(interner: StringInterner?) {
        guard let decodable = Object.self as? any ProtobufDecodable.Type else { return nil }
        self = Self.make(decodable, interner: interner)
    }

    private init(
        envelope: @escaping @Sendable (UnsafeRawBufferPointer) throws(ProtobufDecodingError) -> Object,
        message: @escaping @Sendable (UnsafeRawBufferPointer) throws(ProtobufDecodingError) -> Object
    ) {
        self.envelope = envelope
        self.message = message
    }

    /// Opens the existential once, so each decode is a direct generic call.
    private static func make<P: ProtobufDecodable>(_ type: P.Type, interner: StringInterner?) -> Self {
        Self(
            envelope: { bytes throws(ProtobufDecodingError) in
                // `P` is `Object` (checked in `init?`); the cast only restores the static type.
                try KubeProtobuf.decode(P.self, envelope: bytes, interner: interner) as! Object
            },
            message: { bytes throws(ProtobufDecodingError) in
                try KubeProtobuf.decode(P.self, message: bytes, interner: interner) as! Object
            })
    }

    /// The hook of ``StreamingListDecoder`` for lists of `Object`.
    var listDecoding: ProtobufListDecoding<Object> {
        let message = self.message
        return ProtobufListDecoding(
            item: { try message($0) },
            listMeta: { try KubeProtobuf.decode(ListMeta.self, message: $0) })
    }
}
