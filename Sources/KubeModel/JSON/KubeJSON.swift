import Foundation

/// The one place where Kinformer turns JSON bytes into values and back.
///
/// Every decode and encode in the client goes through here. Decoding uses the project's
/// ``FastJSONDecoder`` (a validating structural index over the raw bytes and a `Decoder` reading
/// it: several times Foundation's speed, see `Benchmarks/DecodeBenchmarks`); Foundation's
/// `JSONDecoder` stays available as the reference (``decodeWithFoundation(_:from:)``), and the
/// tests cross-check the two.
public enum KubeJSON {
    private static let fast = FastJSONDecoder()

    /// Decodes a value of type `T` from UTF-8 JSON bytes.
    /// - Throws: ``KubeJSONError`` saying which type and which field (or byte offset) was wrong.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws(KubeJSONError) -> T {
        try typed { try bytes.withUnsafeBytes { try decode(type, raw: $0) } }
    }

    /// Decodes a value of type `T` from a slice of UTF-8 JSON bytes.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: ArraySlice<UInt8>) throws(KubeJSONError) -> T {
        try typed { try bytes.withUnsafeBytes { try decode(type, raw: $0) } }
    }

    /// Decodes a value of type `T` from UTF-8 JSON in `Data`.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(KubeJSONError) -> T {
        try typed { try data.withUnsafeBytes { try decode(type, raw: $0) } }
    }

    /// Decodes a value of type `T` from UTF-8 JSON in memory the caller owns for the call.
    public static func decode<T: Decodable>(_ type: T.Type, raw: UnsafeRawBufferPointer) throws(KubeJSONError) -> T {
        try decode(type, raw: raw, with: fast)
    }

    /// Decodes like ``decode(_:raw:)``, sharing repeated strings through `interner` (label keys
    /// and values, images, node names, managed-fields text), as the protobuf path does.
    public static func decode<T: Decodable>(
        _ type: T.Type, raw: UnsafeRawBufferPointer, interner: StringInterner
    ) throws(KubeJSONError) -> T {
        let decoder = FastJSONDecoder(configuration: .init(userInfo: [StringInterner.userInfoKey: interner]))
        return try mappingErrors(T.self) {
            try decoder.decode(type, from: raw) { context, decodeValue in try interner.decoding(context, decodeValue) }
        }
    }

    private static func decode<T: Decodable>(
        _ type: T.Type, raw: UnsafeRawBufferPointer, with decoder: FastJSONDecoder
    ) throws(KubeJSONError) -> T {
        try mappingErrors(T.self) { try decoder.decode(type, from: raw) }
    }

    /// Runs a decode of a `T`, turning what it throws into a ``KubeJSONError``.
    private static func mappingErrors<T>(_ type: T.Type, _ body: () throws -> T) throws(KubeJSONError) -> T {
        do {
            return try body()
        } catch let error as DecodingError {
            throw KubeJSONError(decoding: T.self, error: error)
        } catch let error as FastJSONError {
            throw KubeJSONError(type: "\(T.self)", path: "", message: error.description)
        } catch {
            throw KubeJSONError(type: "\(T.self)", path: "", message: "\(error)")
        }
    }

    /// Narrows the untyped rethrow of `withUnsafeBytes` back to ``KubeJSONError``.
    private static func typed<T>(_ body: () throws -> T) throws(KubeJSONError) -> T {
        do {
            return try body()
        } catch let error as KubeJSONError {
            throw error
        } catch {
            throw KubeJSONError(type: "\(T.self)", path: "", message: "\(error)")
        }
    }

    /// Decodes with Foundation's `JSONDecoder`: the reference the fast decoder is checked against.
    public static func decodeWithFoundation<T: Decodable>(_ type: T.Type, from data: Data) throws(KubeJSONError) -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw KubeJSONError(decoding: T.self, error: error)
        } catch {
            throw KubeJSONError(type: "\(T.self)", path: "", message: "\(error)")
        }
    }

    /// Encodes a value as compact UTF-8 JSON (slashes are not escaped).
    /// - Throws: ``KubeJSONError`` when the value cannot be represented (e.g. a NaN number).
    public static func encode<T: Encodable>(_ value: T) throws(KubeJSONError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(value))
        } catch let error as EncodingError {
            if case .invalidValue(_, let context) = error {
                throw KubeJSONError(
                    encoding: T.self, path: KubeJSONError.render(context.codingPath), message: context.debugDescription)
            }
            throw KubeJSONError(encoding: T.self, path: "", message: "\(error)")
        } catch {
            throw KubeJSONError(encoding: T.self, path: "", message: "\(error)")
        }
    }
}
