/// A mistake in how an operator is put together.
public struct OperatorError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let raw: String
        public var description: String { raw }
        /// Something was declared after ``Manager/run()`` started.
        public static let alreadyRunning = Code(raw: "alreadyRunning")
        /// Two controllers with one name.
        public static let duplicateController = Code(raw: "duplicateController")
        /// The probe server could not start.
        public static let probeServer = Code(raw: "probeServer")
    }

    public var code: Code
    public var message: String

    public var description: String { "\(code): \(message)" }

    static func alreadyRunning(_ what: String) -> OperatorError {
        OperatorError(
            code: .alreadyRunning,
            message: "\(what) was declared after the manager started; declare caches, controllers and recorders before run()")
    }

    static func duplicateController(_ name: String) -> OperatorError {
        OperatorError(code: .duplicateController, message: "a controller named '\(name)' exists already; give each a unique name")
    }
}
