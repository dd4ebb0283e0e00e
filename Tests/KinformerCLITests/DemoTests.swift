import Synchronization
import Testing

@testable import KinformerCLI

/// Runs the demo in-process (embedded API server, real client, informers, controller, leader
/// election) with every fault kind injected once, and checks that everything converged.
@Suite struct DemoTests {
    /// Collects what the demo prints.
    final class Lines: Sendable {
        private let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    @Test func runsWithFaultsAndConverges() async throws {
        var options = DemoOptions()
        options.objects = 60
        options.faults = true
        options.faultInterval = .milliseconds(200)
        // Ends once every fault kind was injected and recovered from (a condition); the
        // duration is only a cap in case recovery never happens.
        options.stopAfterFaultRounds = 1
        options.duration = .seconds(120)
        options.changesPerSecond = 40
        let lines = Lines()
        let display = DemoDisplay(live: false) { lines.append($0) }

        let result = try await Demo.run(options: options, display: display)

        #expect(!result.interrupted)
        #expect(result.convergence.error == nil)
        for check in result.convergence.informers {
            #expect(check.ok, "\(check.name): missing \(check.missing) extra \(check.extra) stale \(check.stale)")
            #expect(check.cached > 0)
        }
        #expect(result.convergence.informers.map(\.name) == ["pods", "configmaps", "deployments"])
        #expect(result.convergence.wrongChecksums.isEmpty)
        #expect(result.convergence.deploymentsChecked > 0)
        #expect(result.succeeded)

        let faults = result.final.faults
        #expect(Set(faults.map(\.kind)) == Set(DemoFaults.Kind.allCases))
        #expect(faults.allSatisfy { $0.recoveredAfter != nil })
        let informers = result.final.informers
        #expect(informers.reduce(0) { $0 + $1.reflector.relists } > 0, "compaction must force a relist")
        #expect(informers.allSatisfy { $0.reflector.watches > 1 }, "dropped watches must be re-established")
        #expect(informers.allSatisfy { $0.handler.total > 0 })
        #expect(result.final.controller.reconciles > 0)
        #expect(result.final.workload.writes > 0)
        #expect(result.leaseAcquisitions == 1)

        let output = lines.all
        #expect(output.contains { $0.hasPrefix("fault: compact history") })
        #expect(output.contains { $0.hasPrefix("recovered from compact history") })
        #expect(result.summaryLines.last == "CONVERGED")
    }
}
