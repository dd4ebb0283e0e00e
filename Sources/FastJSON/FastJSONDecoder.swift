import Foundation

/// Decodes `Decodable` types from JSON bytes several times faster than Foundation's `JSONDecoder`.
///
/// One validating pass builds a compact structural index of the input (a "tape": 12 bytes per
/// value, no per-value allocation); `init(from:)` implementations then read values straight
/// from the bytes, finding keys by comparing UTF-8 bytes in place. Strings, numbers and string
/// maps are built from the tape directly, and so are the types that read the tape themselves
/// (``TapeDecodable``, e.g. KubeModel's generated types); types that decode a whole document
/// their own way (``TapeDocumentDecodable``, e.g. KubeModel's `PartialObjectMetadata`, which
/// skips everything but `apiVersion`, `kind` and `metadata`) are asked first.
///
/// Accepts exactly RFC 8259 JSON: invalid input throws ``FastJSONError`` (with the byte offset);
/// type problems throw `DecodingError` with the coding path, as `JSONDecoder` does.
public struct FastJSONDecoder: Sendable {
    /// Limits and context for decoding.
    public struct Configuration: Sendable {
        /// Maximum nesting of arrays and objects; deeper input throws `FastJSONError` (`.tooDeep`).
        public var maxDepth: Int = 512
        /// Passed to `init(from:)` implementations as `decoder.userInfo`.
        public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

        public init(maxDepth: Int = 512, userInfo: [CodingUserInfoKey: any Sendable] = [:]) {
            self.maxDepth = maxDepth
            self.userInfo = userInfo
        }
    }

    /// Limits and context for decoding.
    public var configuration: Configuration

    /// Creates a decoder with the given configuration (default: depth limit 512).
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Decodes a `T` from JSON bytes that stay valid for the duration of the call.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: UnsafeRawBufferPointer) throws -> T {
        try decode(type, from: bytes) { _, decodeValue in try decodeValue() }
    }

    /// Like ``decode(_:from:)``, with the value's decode run by `around`, which is given the
    /// tape's context first (e.g. to hand it a string table for the call). A
    /// ``TapeDocumentDecodable`` type decodes its own way, without `around`.
    package func decode<T: Decodable>(
        _ type: T.Type, from bytes: UnsafeRawBufferPointer,
        around: (TapeContext, () throws -> T) throws -> T
    ) throws -> T {
        if let document = T.self as? any TapeDocumentDecodable.Type,
           let value = try decodeDocument(document, as: T.self, from: bytes) {
            return value
        }
        var parser = try JSONTapeParser(bytes: bytes, maxDepth: configuration.maxDepth)
        let tape = try parser.parseDocument()
        let context = TapeContext(base: parser.base, tape: tape, userInfo: configuration.userInfo)
        return try around(context) { try context.decodeValue(T.self, at: 0) }
    }

    /// Decodes a `T` from JSON bytes.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try bytes.withUnsafeBytes { try decode(type, from: $0) }
    }

    /// Decodes a `T` from JSON bytes (`Data`, `[UInt8]`, `ByteBuffer` views, …).
    public func decode<T: Decodable>(_ type: T.Type, from bytes: some ContiguousBytes) throws -> T {
        try bytes.withUnsafeBytes { try decode(type, from: $0) }
    }

    /// Decodes a `T` from a JSON string.
    public func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        var text = text
        return try text.withUTF8 { try decode(type, from: UnsafeRawBufferPointer($0)) }
    }

    /// Decodes a `T` known to be the document-decodable `D` (``decode(_:from:)`` opens it).
    private func decodeDocument<D: TapeDocumentDecodable, T>(
        _ document: D.Type, as type: T.Type, from bytes: UnsafeRawBufferPointer
    ) throws -> T? {
        try D.decodeDocument(bytes, configuration: configuration).map { $0 as! T }
    }
}

extension TapeContext {
    /// Index of the sentinel `null` entry appended after the document.
    @usableFromInline package var nullIndex: Int { tape.count - 1 }
}
