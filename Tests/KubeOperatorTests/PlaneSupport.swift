import Foundation
import KinformerTestSupport
import KubeClient
import KubeModel
import KubeOperator
import KubeTesting
import Logging
import Synchronization
import WidgetOperatorExample

/// The Widget CRD on the shared real control plane (clients and namespaces: `Plane` in
/// KinformerTestSupport).
extension Plane {
    /// The Widget CRD, installed once per process.
    private static let crdInstalled = Mutex(false)

    static func installWidgets(_ client: KubeClient) async throws {
        if crdInstalled.withLock({ $0 }) { return }
        try await WidgetCRD.install(client)
        crdInstalled.withLock { $0 = true }
    }
}

/// A deadline was exceeded while waiting for a condition.
struct DeadlineExceeded: Error, CustomStringConvertible {
    var what: String
    var last: String
    var description: String { "timed out waiting for \(what) (last: \(last))" }
}

/// Polls the API server until `condition` holds (errors count as "not yet"); throws after `deadline`.
func eventually(
    _ what: String, deadline: Duration = .seconds(90), _ condition: () async throws -> Bool
) async throws {
    let end = ContinuousClock.now + deadline
    var last = "condition false"
    while true {
        do {
            if try await condition() { return }
        } catch {
            last = "\(error)"
        }
        guard ContinuousClock.now < end else { throw DeadlineExceeded(what: what, last: last) }
        try await Task.sleep(for: .milliseconds(100))
    }
}

/// A widget with `size` replicas.
func makeWidget(_ name: String, namespace: String, size: Int = 1, color: String = "blue") -> Widget {
    Widget(metadata: ObjectMeta(name: name, namespace: namespace), spec: Widget.Spec(size: size, color: color, tags: ["t"]))
}

/// A manager scoped to one namespace, running in a task of its own.
final class RunningManager: Sendable {
    let manager: Manager
    let task: Task<Void, any Error>

    init(_ manager: Manager) {
        self.manager = manager
        task = Task { try await manager.run() }
    }

    /// Cancels the manager's task and waits until it returned.
    func stop() async {
        task.cancel()
        _ = try? await task.value
    }

    static func configuration(name: String, namespace: String) -> Manager.Configuration {
        var configuration = Manager.Configuration(name: name)
        configuration.defaultScope = CacheScope(namespace: namespace)
        configuration.metrics = OperatorMetrics.bootstrap()
        return configuration
    }
}

/// Quiet logs unless KINFORMER_TEST_LOGS is set.
func testLogger(_ label: String) -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = ProcessInfo.processInfo.environment["KINFORMER_TEST_LOGS"] != nil ? .debug : .critical
    return logger
}

/// A value behind a lock, shareable between tasks.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<R: Sendable>(_ body: (inout sending Value) -> sending R) -> R { mutex.withLock(body) }
}
