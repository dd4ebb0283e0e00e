import KubeController
import Logging

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
