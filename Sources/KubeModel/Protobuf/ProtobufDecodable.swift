/// A type decoded directly from a Kubernetes protobuf message (proto2, as gogo-protobuf writes it).
package protocol ProtobufDecodable {
    /// Reads the message spanning `reader` (from its position to its end).
    init(protobuf reader: inout ProtobufReader) throws(ProtobufDecodingError)
}
