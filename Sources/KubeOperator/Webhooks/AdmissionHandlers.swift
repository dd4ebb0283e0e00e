public import KubeModel

/// Validates admission requests for objects of one type (a validating webhook's logic).
public protocol AdmissionValidator: Sendable {
    associatedtype Object: KubernetesObject
    /// Decides on a request. `old` is set for UPDATE and DELETE, `new` for CREATE and UPDATE.
    /// A thrown error denies the request with the error's description (HTTP 500).
    func validate(old: Object?, new: Object?, operation: AdmissionOperation) async throws -> AdmissionDecision
}

/// Defaults or otherwise mutates objects of one type (a mutating webhook's logic). The server
/// answers with the JSON patch between the object as received and as returned.
public protocol AdmissionDefaulter: Sendable {
    associatedtype Object: KubernetesObject
    /// Returns the object as it should be stored. A thrown error denies the request.
    func `default`(_ object: Object, operation: AdmissionOperation) async throws -> Object
}

/// An ``AdmissionValidator`` from a closure.
public struct Validator<Object: KubernetesObject>: AdmissionValidator {
    private let body: @Sendable (Object?, Object?, AdmissionOperation) async throws -> AdmissionDecision

    public init(
        _ type: Object.Type = Object.self,
        validate body: @escaping @Sendable (_ old: Object?, _ new: Object?, _ operation: AdmissionOperation) async throws
            -> AdmissionDecision
    ) {
        self.body = body
    }

    public func validate(old: Object?, new: Object?, operation: AdmissionOperation) async throws -> AdmissionDecision {
        try await body(old, new, operation)
    }
}

/// An ``AdmissionDefaulter`` from a closure.
public struct Defaulter<Object: KubernetesObject>: AdmissionDefaulter {
    private let body: @Sendable (Object, AdmissionOperation) async throws -> Object

    public init(
        _ type: Object.Type = Object.self,
        default body: @escaping @Sendable (_ object: Object, _ operation: AdmissionOperation) async throws -> Object
    ) {
        self.body = body
    }

    public func `default`(_ object: Object, operation: AdmissionOperation) async throws -> Object {
        try await body(object, operation)
    }
}
