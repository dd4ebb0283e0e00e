/// An error from a KubeCache structure: an unknown or conflicting index, a closed FIFO, or a
/// broken internal invariant. Compare ``code`` against the static codes; new codes may be added.
public struct KubeCacheError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is. Extensible: switch with a `default` case.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case unknownIndex, indexConflict, closed, invariantViolation
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// An index name that the Indexer does not have.
        public static let unknownIndex = Code(.unknownIndex)
        /// `addIndexers` with a name that is already registered.
        public static let indexConflict = Code(.indexConflict)
        /// `pop` on a FIFO that was closed and has nothing left to hand out.
        public static let closed = Code(.closed)
        /// `checkInvariants()` found the internal state inconsistent (a bug in KubeCache).
        public static let invariantViolation = Code(.invariantViolation)

        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong and what to do, in words.
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) (\(code))" }

    static func unknownIndex(_ name: String) -> KubeCacheError {
        KubeCacheError(
            code: .unknownIndex,
            message: "index '\(name)' does not exist; register it with addIndexers before querying it")
    }

    static func indexConflict(_ name: String) -> KubeCacheError {
        KubeCacheError(
            code: .indexConflict,
            message: "index '\(name)' is already registered; choose another name")
    }

    static func closed(_ what: String) -> KubeCacheError {
        KubeCacheError(code: .closed, message: "\(what) is closed and empty; stop popping")
    }

    static func invariant(_ detail: String) -> KubeCacheError {
        KubeCacheError(code: .invariantViolation, message: "cache invariant broken: \(detail)")
    }
}
