import KubeModel

/// A failed request inside the in-process server: the `Status` it answers with (shaped exactly
/// like the real API server's) and any extra response headers (e.g. `Retry-After`).
struct ServerError: Error, Sendable {
    var status: Status
    var headers: [(String, String)] = []

    var code: Int { Int(status.code ?? 500) }

    init(code: Int, reason: String, message: String, details: StatusDetails? = nil, headers: [(String, String)] = []) {
        self.status = Status(
            status: "Failure", message: message, reason: reason, details: details, code: Int32(code))
        self.headers = headers
    }

    static func notFound(_ r: ResourceDescriptor, _ name: String) -> ServerError {
        ServerError(
            code: 404, reason: "NotFound", message: "\(r) \"\(name)\" not found",
            details: StatusDetails(name: name, group: r.group, kind: r.plural))
    }

    static func alreadyExists(_ r: ResourceDescriptor, _ name: String) -> ServerError {
        ServerError(
            code: 409, reason: "AlreadyExists", message: "\(r) \"\(name)\" already exists",
            details: StatusDetails(name: name, group: r.group, kind: r.plural))
    }

    static func conflict(_ r: ResourceDescriptor, _ name: String, _ why: String) -> ServerError {
        ServerError(
            code: 409, reason: "Conflict", message: "Operation cannot be fulfilled on \(r) \"\(name)\": \(why)",
            details: StatusDetails(name: name, group: r.group, kind: r.plural))
    }

    static func staleResourceVersion(_ r: ResourceDescriptor, _ name: String) -> ServerError {
        conflict(
            r, name, "the object has been modified; please apply your changes to the latest version and try again")
    }

    static func badRequest(_ message: String) -> ServerError {
        ServerError(code: 400, reason: "BadRequest", message: message)
    }

    static func invalid(_ r: ResourceDescriptor, _ name: String, field: String, _ message: String) -> ServerError {
        ServerError(
            code: 422, reason: "Invalid", message: "\(r.kind).\(r.group) \"\(name)\" is invalid: \(field): \(message)",
            details: StatusDetails(
                name: name, group: r.group, kind: r.kind,
                causes: [StatusCause(reason: "FieldValueInvalid", message: message, field: field)]))
    }

    static func expired(_ message: String) -> ServerError {
        ServerError(code: 410, reason: "Expired", message: message)
    }

    static let pathNotFound = ServerError(
        code: 404, reason: "NotFound", message: "the server could not find the requested resource",
        details: StatusDetails())

    static func methodNotAllowed(_ method: String) -> ServerError {
        ServerError(
            code: 405, reason: "MethodNotAllowed",
            message: "the server does not allow this method on the requested resource (\(method))",
            details: StatusDetails())
    }

    static func unsupportedMediaType(_ type: String) -> ServerError {
        ServerError(code: 415, reason: "UnsupportedMediaType", message: "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json; got \(type)")
    }

    static let unauthorized = ServerError(code: 401, reason: "Unauthorized", message: "Unauthorized")
}
