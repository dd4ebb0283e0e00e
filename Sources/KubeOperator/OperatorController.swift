public import KubeController
import KubeModel
import Logging

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

/// The reconciler a ``Controller`` calls: takes the key's reasons, waits for the key's own
/// writes to reach the cache (read-your-writes), calls the user's reconciler and records metrics.
struct ProvenanceReconciler: Reconciler {
    let user: any OperatorReconciler
    let reasons: ReasonTable
    let metrics: ReconcileMetrics
    let readYourWrites: ReadYourWrites?
    let logger: Logger

    func reconcile(_ key: String) async throws -> Requeue {
        let taken = reasons.take(key)
        let request = ReconcileRequest(key: key, reasons: taken.reasons, omittedReasons: taken.omitted)
        metrics.reasons(taken.reasons)
        if let readYourWrites { await readYourWrites.waitForCache(key: key) }
        if Task.isCancelled {
            // Stopped while waiting: the controller queues the key again; keep its reasons for then.
            for reason in taken.reasons { reasons.add(reason, for: key) }
            throw CancellationError()
        }
        logger.debug("reconciling", metadata: ["key": "\(key)", "reasons": "\(request.description)"])
        metrics.started()
        let start = ContinuousClock.now
        do {
            let result: Requeue
            if let readYourWrites {
                result = try await ReadYourWrites.$current.withValue(.init(tracker: readYourWrites, key: key)) {
                    try await user.reconcile(request)
                }
            } else {
                result = try await user.reconcile(request)
            }
            if case .after = result {
                reasons.add(.plain(.requeueAfter), for: key)
                metrics.finished(.requeue_after, after: .now - start)
            } else {
                metrics.finished(.success, after: .now - start)
            }
            return result
        } catch where Task.isCancelled {
            // Stopped (leadership lost, shutdown): the controller queues the key again; the next
            // reconcile is told the original reasons and that this one was cut short.
            for reason in taken.reasons { reasons.add(reason, for: key) }
            reasons.add(.plain(.interrupted), for: key)
            metrics.finished(.interrupted, after: .now - start)
            throw error
        } catch {
            reasons.add(.plain(.retry), for: key)
            metrics.finished(.error, after: .now - start)
            logger.debug(
                "reconcile failed", metadata: ["key": "\(key)", "reasons": "\(request.description)", "error": "\(error)"])
            throw error
        }
    }
}
