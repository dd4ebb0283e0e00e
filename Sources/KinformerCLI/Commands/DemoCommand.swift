import ArgumentParser
import Dispatch
import Foundation

/// `kinformer demo`: informers and a controller on an embedded in-process API server.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run informers and a controller against an embedded API server.",
        discussion: """
            Starts an API server in this process, connects a real client to it through a kubeconfig, \
            creates namespaces, ConfigMaps, Deployments and pods and keeps changing them, while \
            informers and the ConfigMap checksum controller (under leader election) follow along. \
            Ends with a summary and a convergence check; exits non-zero if the caches or checksums \
            did not converge. Ctrl-C ends early, still with the summary.
            """)

    @Option(help: "How long the workload keeps changing, in seconds.")
    var duration: Double = 30

    @Option(help: "Scale of the workload: about how many objects exist.")
    var objects: Int = 200

    @Flag(help: "Periodically drop watches, compact the history (410 → relist), inject 429s and 500s.")
    var faults = false

    @Option(help: "Seconds between injected faults (with --faults).")
    var faultInterval: Double = 4

    @Option(help: "Workload changes per second (default: objects / 10, at least 5).")
    var rate: Double?

    @Option(help: "Seed of the workload's random choices.")
    var seed: UInt64 = 42

    func validate() throws {
        guard duration > 0 else { throw ValidationError("--duration must be positive") }
        guard objects > 0 else { throw ValidationError("--objects must be positive") }
        guard faultInterval > 0 else { throw ValidationError("--fault-interval must be positive") }
        if let rate, rate <= 0 { throw ValidationError("--rate must be positive") }
    }

    func run() async throws {
        var options = DemoOptions()
        options.duration = .milliseconds(Int64(duration * 1000))
        options.objects = objects
        options.faults = faults
        options.faultInterval = .milliseconds(Int64(faultInterval * 1000))
        options.changesPerSecond = rate
        options.seed = seed
        let live = isatty(1) == 1
        if !live { options.refreshInterval = .seconds(1) } else { options.refreshInterval = .milliseconds(250) }
        let display = DemoDisplay(live: live) { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }

        let stop = DemoStop()
        signal(SIGINT, SIG_IGN)
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        interrupt.setEventHandler {
            if stop.isRequested { Foundation.exit(130) }  // a second Ctrl-C ends at once
            stop.request()
        }
        interrupt.resume()
        defer {
            interrupt.cancel()
            signal(SIGINT, SIG_DFL)
        }

        let result = try await Demo.run(options: options, display: display, stop: stop)
        for line in result.summaryLines { display.write(line) }
        if !result.succeeded { throw ExitCode(1) }
    }
}
