/// A type that decodes straight from a ``JSONTape`` in one pass over an object's members,
/// without `Decoder` containers: generated model types (see kube-modelgen) and the meta types.
///
/// ``TapeContext/decodeValue(_:at:)`` routes conforming types here; their `init(from:)` stays the
/// route for every other decoder. A failure is re-decoded through `init(from:)`, so errors are
/// exactly the ones the `Decoder` route reports.
protocol TapeDecodable: Decodable {
    /// Decodes the value at tape index `index`.
    init(tape: TapeContext, at index: Int) throws
}
