import ConfigMapChecksumExample

/// The outcome of a demo run, and its rendering as the final summary.
struct DemoResult: Sendable {
    /// The last snapshot, taken after the convergence check.
    var final: DemoSnapshot
    var convergence: DemoConvergence
    /// How long the caches and checksums took to converge after the workload stopped.
    var convergedAfter: Duration
    /// Whether Ctrl-C ended the run early.
    var interrupted: Bool
    /// How often the single candidate acquired the lease.
    var leaseAcquisitions: Int
    /// Requests the server answered, per verb.
    var requestsByVerb: [String: Int]

    /// The process's exit status: 0 when everything converged.
    var succeeded: Bool { convergence.converged }

    /// The summary, as printed at the end.
    var summaryLines: [String] {
        let s = final
        let w = s.workload
        var lines = ["", "=== kinformer demo summary\(interrupted ? " (interrupted)" : "") ==="]
        lines.append("ran \(DemoFormat.seconds(s.elapsed)); server resourceVersion \(s.serverResourceVersion)")
        lines.append("workload: created \(DemoFormat.perKind(w.created))")
        lines.append("          updated \(DemoFormat.perKind(w.updated))")
        lines.append("          deleted \(DemoFormat.perKind(w.deleted)); write errors \(w.errors)")
        if let last = w.lastError { lines.append("          last write error: \(last)") }
        let verbs = requestsByVerb.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        lines.append("api server requests: " + verbs.joined(separator: " · "))
        for i in s.informers {
            let r = i.reflector
            lines.append(
                "informer \(DemoFormat.left(i.name, 12)) lists \(r.lists) (relists after 410: \(r.relists))"
                    + ", watches \(r.watches), watch events \(r.events), errors \(r.errors)"
                    + "; handler: \(i.handler.adds) adds, \(i.handler.updates) updates, \(i.handler.deletes) deletes")
        }
        let c = s.controller
        lines.append(
            "controller configmap-checksum: \(c.reconciles) reconciles, \(c.failures) failures, \(c.retries) retries"
                + "; lease acquired \(leaseAcquisitions)×")
        if s.faultsEnabled {
            let recovered = s.faults.filter { $0.recoveredAfter != nil }
            lines.append("faults: \(s.faults.count) injected, \(recovered.count) recovered")
            for f in s.faults {
                lines.append(
                    "  \(DemoFormat.right(DemoFormat.seconds(f.injectedAt), 6)) \(f.kind.rawValue): "
                        + (f.recoveredAfter.map { "recovered in \(DemoFormat.seconds($0))" } ?? "not recovered before the end"))
            }
        }
        lines.append("CONVERGENCE CHECK (after \(DemoFormat.seconds(convergedAfter)) of quiet):")
        if let error = convergence.error { lines.append("  could not read the server: \(error)") }
        for i in convergence.informers {
            var line = "  \(i.ok ? "ok  " : "FAIL") \(DemoFormat.left(i.name, 12)) cache \(i.cached) = server \(i.onServer)"
            if !i.ok {
                line += " (missing \(i.missing.prefix(3)), extra \(i.extra.prefix(3)), stale \(i.stale.prefix(3)))"
            }
            lines.append(line)
        }
        let wrong = convergence.wrongChecksums
        lines.append(
            "  \(wrong.isEmpty ? "ok  " : "FAIL") checksums    \(convergence.deploymentsChecked - wrong.count)"
                + "/\(convergence.deploymentsChecked) deployments carry the right \(ConfigChecksum.annotation)"
                + (wrong.isEmpty ? "" : " (wrong: \(wrong.prefix(5).joined(separator: ", ")))"))
        lines.append(convergence.converged ? "CONVERGED" : "NOT CONVERGED")
        return lines
    }
}
