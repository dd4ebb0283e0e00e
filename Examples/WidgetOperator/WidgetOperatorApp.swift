import Foundation
public import KubeClient
public import KubeController
import KubeOperator
public import Logging
import ServiceLifecycle

/// The example operator as a process: the CRD, a manager with leader election, probes and
/// Prometheus metrics, the widget controller, run until SIGTERM/SIGINT (graceful: in-flight
/// reconciles finish, then the lease is released).
public enum WidgetOperatorApp {
    /// Runs the operator against `client` (e.g. `try KubeClient.automatic()`).
    /// - Parameters:
    ///   - leaseNamespace: where the Lease lives; `nil` runs without leader election.
    ///   - probePort: the port of `/metrics`, `/healthz` and `/readyz`.
    public static func run(
        client: KubeClient, leaseNamespace: String?, probePort: Int = 8080,
        identity: String = ProcessInfo.processInfo.hostName + "-" + UUID().uuidString.prefix(6),
        logger: Logger = Logger(label: "widget-operator")
    ) async throws {
        try await WidgetCRD.install(client)
        var configuration = Manager.Configuration(name: "widget-operator")
        configuration.probes = ProbeServer.Configuration(port: probePort)
        configuration.metrics = OperatorMetrics.bootstrap()
        if let leaseNamespace {
            configuration.leaderElection = LeaderElector.Configuration(
                leaseName: "widget-operator", leaseNamespace: leaseNamespace, identity: identity)
        }
        let manager = Manager(client: client, configuration: configuration, logger: logger)
        _ = try WidgetReconciler.make(manager: manager)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: manager)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
