/// A protobuf message that could not be decoded: what is wrong, the byte offset in the
/// decoded buffer, and the path of fields (outermost first) that led to it.
public struct ProtobufDecodingError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, e.g. "truncated varint".
    public var reason: String
    /// Offset of the offending byte from the start of the decoded buffer.
    public var offset: Int
    /// Types and fields from the outermost message inwards, e.g. `["CoreV1.Pod", "2 (CoreV1.PodSpec)"]`.
    public var path: [String]

    package init(_ reason: String, at offset: Int, path: [String] = []) {
        self.reason = reason
        self.offset = offset
        self.path = path
    }

    public var description: String {
        let location = path.isEmpty ? "" : " in " + path.joined(separator: " > ")
        return "protobuf decoding failed at byte \(offset)\(location): \(reason)"
            + " (is the body really application/vnd.kubernetes.protobuf for this type?)"
    }

    /// The same error seen from one level further out.
    package func inside(_ step: String) -> ProtobufDecodingError {
        var copy = self
        copy.path.insert(step, at: 0)
        return copy
    }
}
