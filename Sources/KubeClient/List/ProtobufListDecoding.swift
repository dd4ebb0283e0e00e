public import KubeModel

/// How to decode the messages of a protobuf list of `Object`: the hook through which the
/// protobuf model decoders (`KubeProtobuf.decode(_:message:interner:)`) plug into
/// ``StreamingListDecoder``. While `ResourceClient` has none for a type, it asks for JSON only.
public struct ProtobufListDecoding<Object: KubernetesObject>: Sendable {
    /// Decodes one item from its bare message bytes (valid only during the call).
    public var item: @Sendable (UnsafeRawBufferPointer) throws -> Object
    /// Decodes the list's `ListMeta` from its bare message bytes.
    public var listMeta: @Sendable (UnsafeRawBufferPointer) throws -> ListMeta

    public init(
        item: @escaping @Sendable (UnsafeRawBufferPointer) throws -> Object,
        listMeta: @escaping @Sendable (UnsafeRawBufferPointer) throws -> ListMeta
    ) {
        self.item = item
        self.listMeta = listMeta
    }
}
