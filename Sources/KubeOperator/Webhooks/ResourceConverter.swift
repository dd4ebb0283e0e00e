import Foundation
public import KubeModel

/// Converts custom objects between the Swift-declared versions of their kinds, for a
/// conversion webhook. Register one function per direction:
///
/// ```swift
/// var converter = ResourceConverter()
/// converter.register(GizmoV1alpha1.self, to: GizmoV1.self) { old in GizmoV1(…) }
/// converter.register(GizmoV1.self, to: GizmoV1alpha1.self) { new in GizmoV1alpha1(…) }
/// ```
///
/// The converted object keeps the original's `metadata` exactly (the API server rejects any
/// change beyond labels and annotations) and gets the target's `apiVersion` and `kind`.
public struct ResourceConverter: Sendable {
    private struct Pair: Hashable {
        var from: String
        var to: String
    }

    private var conversions: [Pair: @Sendable (JSONValue) throws -> JSONValue] = [:]

    public init() {}

    /// Registers the conversion from `From` to `To` (replacing an earlier one for that pair).
    public mutating func register<From: CustomResource, To: CustomResource>(
        _ from: From.Type, to: To.Type, _ convert: @escaping @Sendable (From) throws -> To
    ) {
        conversions[Pair(from: From.apiVersion, to: To.apiVersion)] = { value in
            let typed = try JSONValue.decode(From.self, from: value)
            var out = try JSONValue(encoding: try convert(typed))
            out["apiVersion"] = .string(To.apiVersion)
            out["kind"] = .string(To.kind)
            return out
        }
    }

    /// Converts one object to `apiVersion`; an object already at that version is returned as is.
    /// - Throws: ``OperatorError`` (code `conversion`) when no conversion is registered or it fails.
    public func convert(_ object: JSONValue, to apiVersion: String) throws -> JSONValue {
        guard let from = object["apiVersion"]?.stringValue else {
            throw OperatorError(code: .conversion, message: "the object has no apiVersion")
        }
        if from == apiVersion { return object }
        guard let convert = conversions[Pair(from: from, to: apiVersion)] else {
            throw OperatorError(
                code: .conversion,
                message: "no conversion from \(from) to \(apiVersion) is registered; call register(_:to:_:) for it")
        }
        var converted: JSONValue
        do {
            converted = try convert(object)
        } catch let error as OperatorError {
            throw error
        } catch {
            throw OperatorError(code: .conversion, message: "converting \(object["metadata"]?["name"]?.stringValue ?? "an object") from \(from) to \(apiVersion) failed: \(error)")
        }
        converted["metadata"] = object["metadata"]
        return converted
    }

    /// Answers a ConversionReview: every object converted, or a failure naming the first problem.
    public func review(_ request: ConversionReview.Request) -> ConversionReview.Response {
        do {
            let objects = try request.objects.map { try convert($0, to: request.desiredAPIVersion) }
            return .init(uid: request.uid, convertedObjects: objects, result: .success)
        } catch {
            return .init(uid: request.uid, convertedObjects: [], result: .failure("\(error)"))
        }
    }
}

extension JSONValue {
    /// Encodes a value to its JSON form.
    init(encoding value: some Encodable) throws {
        let bytes = try KubeJSON.encode(value)
        self = try KubeJSON.decode(JSONValue.self, from: bytes)
    }

    /// Decodes a value of type `T` from this JSON.
    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try KubeJSON.decode(T.self, from: try KubeJSON.encode(value))
    }
}
