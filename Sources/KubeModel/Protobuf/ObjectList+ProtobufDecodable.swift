// Lists (ListMeta = 1, items = 2, as every generated `…List` message) and metadata-only objects.

extension ObjectList: ProtobufDecodable where Item: ProtobufDecodable {
    package init(protobuf r: inout ProtobufReader) throws(ProtobufDecodingError) {
        var metadata: ListMeta?
        var items: [Item] = []
        while let f = try r.next() {
            switch f {
            case 1: metadata = try r.message(ListMeta.self)
            case 2: items.append(try r.message(Item.self))
            default: try r.skip()
            }
        }
        self.init(apiVersion: r.typeMeta?.apiVersion, kind: r.typeMeta?.kind, metadata: metadata ?? ListMeta(),
                  items: items)
    }
}

extension PartialObjectMetadata: ProtobufDecodable {
    package init(protobuf r: inout ProtobufReader) throws(ProtobufDecodingError) {
        var metadata: ObjectMeta?
        while let f = try r.next() {
            if f == 1 { metadata = try r.message(ObjectMeta.self) } else { try r.skip() }
        }
        // The message has no type; JSON gives every item of a PartialObjectMetadataList its own.
        self.init(apiVersion: r.typeMeta?.apiVersion ?? "meta.k8s.io/v1", kind: r.typeMeta?.kind ?? "PartialObjectMetadata",
                  metadata: metadata ?? ObjectMeta())
    }
}
