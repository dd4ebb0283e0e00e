/// A type that decodes straight from the tape in one pass, without `Decoder` containers:
/// generated model types (see kube-modelgen) and the meta types.
///
/// ``TapeContext/decodeValue(_:at:)`` routes conforming types here; their `init(from:)` stays the
/// route for every other decoder. A failure is re-decoded through `init(from:)`, so errors are
/// exactly the ones the `Decoder` route reports.
package protocol TapeDecodable: Decodable {
    /// Decodes the value at tape index `index`.
    init(tape: TapeContext, at index: Int) throws
}

/// A value type with a reader of its own on the tape, whose errors are the ones to report (free-form
/// JSON, timestamps, unstructured objects): ``TapeContext/decodeValue(_:at:)`` calls it directly.
package protocol TapeValueDecodable: Decodable {
    /// Reads the value at tape index `index`.
    init(tapeValue tape: TapeContext, at index: Int) throws
}

/// A type that decodes a whole document its own way, such as reading only some top-level
/// members or a list's items one at a time. ``FastJSONDecoder`` asks it first.
package protocol TapeDocumentDecodable: Decodable {
    /// Decodes the whole document in `bytes`, or returns `nil` to leave it to the usual route
    /// (one tape for the document, then ``TapeContext/decodeValue(_:at:)``).
    static func decodeDocument(
        _ bytes: UnsafeRawBufferPointer, configuration: FastJSONDecoder.Configuration) throws -> Self?
}
