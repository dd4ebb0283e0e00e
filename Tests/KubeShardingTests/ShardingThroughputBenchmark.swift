import KinformerTestSupport
import Foundation
import KubeClient
import KubeModel
import Testing

/// Not a test: reconciles/s of a CPU-bound reconcile on 1, 2 and 3 sharded replicas (one worker
/// each, one process). Run with `KINFORMER_SHARDING_BENCH=1 scripts/test --filter ShardingThroughputBenchmark`.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["KINFORMER_SHARDING_BENCH"] != nil))
struct ShardingThroughputBenchmark {
    @inline(never) static func burn(_ iterations: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in 0..<iterations { h = (h ^ UInt64(truncatingIfNeeded: i)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    /// Burns on a Dispatch thread, as a replica in its own process would on its own core: CPU work
    /// on the cooperative pool (two threads here, shared by every replica of this process) would
    /// also starve the rings' renewals.
    static func burnOffPool(_ iterations: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                _ = burn(iterations)
                continuation.resume()
            }
        }
    }

    /// Iterations of ``burn(_:)`` taking about `target` on this machine.
    static func calibrate(_ target: Duration) -> Int {
        let probe = 200_000
        let start = ContinuousClock.now
        _ = burn(probe)
        let took = ContinuousClock.now - start
        return max(1, Int(Double(probe) * (target / took)))
    }

    @Test(.timeLimit(.minutes(10)))
    func reconcilesPerSecond() async throws {
        let iterations = Self.calibrate(.milliseconds(10))
        var lines: [String] = []
        for n in 1...3 {
            let admin = try await Plane.client()
            let ns = try await Plane.namespace(admin, prefix: "shardbench")
            let log = ReconcileLog()
            var versions = try await ConfigMaps.create(300, in: ns, client: admin)
            var replicas: [Replica] = []
            for i in 0..<n {
                replicas.append(
                    try Replica(
                        identity: "r\(i)", client: try await Plane.client(), namespace: ns, ring: "bench", log: log,
                        workers: 1, work: { await Self.burnOffPool(iterations) }))
            }
            for r in replicas { r.start() }
            await log.waitUntilReconciled(versions)
            let before = log.records.count
            let start = ContinuousClock.now
            versions = try await ConfigMaps.touchAll(Array(versions.keys), generation: 1, client: admin)
            await log.waitUntilReconciled(versions)
            let elapsed = ContinuousClock.now - start
            let reconciles = log.records.count - before
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let fenced = replicas.map(\.ring.statistics.fenced).reduce(0, +)
            lines.append(String(format: "%d replica(s): %d reconciles (~10 ms CPU each) in %.2f s = %.1f reconciles/s, %d fenced sessions", n, reconciles, seconds, Double(reconciles) / seconds, fenced))
            for r in replicas { await r.stop() }
            await Plane.deleteNamespace(admin, ns)
            try await admin.shutdown()
        }
        print("sharding throughput (\(ProcessInfo.processInfo.activeProcessorCount) cores):\n" + lines.joined(separator: "\n"))
        #expect(lines.count == 3)
    }
}
