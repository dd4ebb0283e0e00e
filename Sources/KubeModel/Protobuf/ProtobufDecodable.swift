/// A type decoded directly from a Kubernetes protobuf message (proto2, as gogo-protobuf writes it).
package protocol ProtobufDecodable {
    /// Reads the message spanning `reader` (from its position to its end).
    init(protobuf reader: inout ProtobufReader) throws(ProtobufDecodingError)

    /// Whether a decode with an interner keeps decoded messages of this type by their bytes and
    /// copies a repeated one instead of decoding it again (``MessageMemo``): true for the parts
    /// of a workload's template that its replicas share.
    static var protobufMemoized: Bool { get }
}

extension ProtobufDecodable {
    package static var protobufMemoized: Bool { false }
}
