/// A sharding configuration that cannot work, with what to change.
public struct ShardingError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String

    init(_ message: String) { self.message = message }

    public var description: String { message }

    /// Ring names and identities become label values and Lease names: lowercase letters,
    /// digits and '-', starting and ending with a letter or digit, at most 63 characters.
    static func validateName(_ name: String, what: String) throws(ShardingError) {
        let bytes = Array(name.utf8)
        func ok(_ c: UInt8) -> Bool { (c >= 97 && c <= 122) || (c >= 48 && c <= 57) }
        guard !bytes.isEmpty, bytes.count <= 63, ok(bytes.first!), ok(bytes.last!),
            bytes.allSatisfy({ ok($0) || $0 == 45 })
        else {
            throw ShardingError(
                "invalid \(what) '\(name)': use 1-63 lowercase letters, digits and '-', starting and ending with a letter or digit (it becomes a label value and part of a Lease name)")
        }
    }
}
