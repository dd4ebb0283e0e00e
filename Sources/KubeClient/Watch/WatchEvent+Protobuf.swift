import KubeModel

extension WatchEvent {
    /// Decodes one frame of a protobuf watch stream: a `metav1.WatchEvent` whose object is the
    /// object's own envelope (`k8s\0` + `runtime.Unknown`); a BOOKMARK's object carries only its
    /// metadata, an ERROR's a `Status`.
    /// - Throws: ``WatchDecodingError`` with the frame's offset and a hex excerpt.
    static func decode(
        _ frame: WatchFrameDecoder.Frame, protobuf: ProtobufObjectDecoding<Object>
    ) throws(WatchDecodingError) -> WatchEvent {
        do {
            return try frame.bytes.withUnsafeBytes { raw throws(ProtobufDecodingError) -> WatchEvent in
                let (type, range) = try KubeProtobuf.watchEvent(raw)
                let object = UnsafeRawBufferPointer(rebasing: raw[range])
                switch type {
                case "ADDED": return .added(try protobuf.envelope(object))
                case "MODIFIED": return .modified(try protobuf.envelope(object))
                case "DELETED": return .deleted(try protobuf.envelope(object))
                case "BOOKMARK":
                    // Every object's message has its ObjectMeta as field 1, as PartialObjectMetadata does.
                    let meta = try KubeProtobuf.decode(PartialObjectMetadata.self, envelope: object).metadata
                    return .bookmark(.init(resourceVersion: meta.resourceVersion ?? "", annotations: meta.annotations ?? [:]))
                case "ERROR":
                    return .error(KubeAPIError(status: try KubeProtobuf.decode(Status.self, envelope: object)))
                default:
                    throw ProtobufDecodingError(
                        "unknown watch event type '\(type)' (expected ADDED, MODIFIED, DELETED, BOOKMARK or ERROR)",
                        at: 0, path: ["WatchEvent"])
                }
            }
        } catch {
            throw WatchDecodingError(
                offset: frame.offset, excerpt: WatchDecodingError.hexExcerpt(frame.bytes.prefix(32)),
                message: "\(error)")
        }
    }
}
