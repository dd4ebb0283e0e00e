/// A request the client cannot make as asked (e.g. a namespaced object without a namespace).
public struct KubeClientError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
