/// An error from starting or driving a real control plane (``ControlPlane``).
///
/// Carries what went wrong, and the output of `scripts/control-plane`, which includes the tail
/// of the failing process's log.
public struct ControlPlaneError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; extensible (compare with the static members).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case scriptMissing, scriptFailed, malformedState
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// `scripts/control-plane` was not found or is not executable.
        public static let scriptMissing = Code(.scriptMissing)
        /// `scripts/control-plane` exited with a non-zero status.
        public static let scriptFailed = Code(.scriptFailed)
        /// The plane's `env` file is missing or lacks a field.
        public static let malformedState = Code(.malformedState)

        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// What went wrong and what to do about it.
    public let message: String
    /// The script's combined stdout and stderr, if a script ran.
    public let output: String

    /// Creates an error.
    public init(code: Code, message: String, output: String = "") {
        self.code = code
        self.message = message
        self.output = output
    }

    public var description: String {
        output.isEmpty ? "ControlPlaneError.\(code): \(message)" : "ControlPlaneError.\(code): \(message)\n\(output)"
    }
}
