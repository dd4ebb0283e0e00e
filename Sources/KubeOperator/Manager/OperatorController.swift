public import KubeController

/// A controller built by ``ControllerBuilder``: a ``Controller`` (queue and workers) whose keys
/// carry why they were queued (``ReasonTable``), with reconcile metrics and logs.
public final class OperatorController: Sendable {
    /// The controller's name (logs, metrics, the queue).
    public let name: String
    /// The workers and the queue. The ``Manager`` runs it while leading.
    public let controller: Controller
    /// Why each queued key waits.
    public let reasons: ReasonTable
    /// Reconcile counts, durations and active workers.
    public let metrics: ReconcileMetrics
    /// Writes to wait for before a key's next reconcile, when read-your-writes is on.
    public let readYourWrites: ReadYourWrites?

    init(
        name: String, controller: Controller, reasons: ReasonTable, metrics: ReconcileMetrics,
        readYourWrites: ReadYourWrites?
    ) {
        self.name = name
        self.controller = controller
        self.reasons = reasons
        self.metrics = metrics
        self.readYourWrites = readYourWrites
    }

    /// Queues `key`, remembering why (reasons of a key already waiting are merged).
    public func enqueue(_ key: String, reason: ReconcileReason = .plain(.manual)) {
        reasons.add(reason, for: key)
        controller.enqueue(key)
    }
}
