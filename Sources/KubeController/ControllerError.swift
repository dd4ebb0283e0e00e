/// Why a ``Controller`` could not run.
public struct ControllerError: Error, Hashable, CustomStringConvertible {
    /// The kinds of failure.
    public enum Code: Sendable, Hashable {
        /// `run()` was called while the controller was already running.
        case alreadyRunning
        /// `run()` was called after graceful shutdown or `stopTakingWork()`.
        case stopped
        /// A cache the reconciler reads did not sync (its informer stopped first).
        case cachesDidNotSync
    }

    /// What went wrong.
    public let code: Code
    /// The controller's name.
    public let controller: String

    static func alreadyRunning(_ name: String) -> Self { .init(code: .alreadyRunning, controller: name) }
    static func stopped(_ name: String) -> Self { .init(code: .stopped, controller: name) }
    static func cachesDidNotSync(_ name: String) -> Self { .init(code: .cachesDidNotSync, controller: name) }

    public var description: String {
        switch code {
        case .alreadyRunning:
            "controller \(controller) is already running; run() it once at a time (cancel the running task to stop it)"
        case .stopped:
            "controller \(controller) was shut down (graceful shutdown or stopTakingWork()) and cannot run again; create a new Controller"
        case .cachesDidNotSync:
            "controller \(controller) did not start its workers: a cache it reads did not sync (its informer stopped); check that the informer factory is running"
        }
    }
}
