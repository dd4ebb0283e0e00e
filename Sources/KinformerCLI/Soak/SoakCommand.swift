import ArgumentParser
import Foundation

/// `kinformer soak`: the demo with faults for a long time, under a resident-memory ceiling.
struct SoakCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "Run the demo with faults for a long time and check resident memory stays flat.",
        discussion: """
            Runs `kinformer demo --faults` on the embedded API server with a steady number of objects \
            (scaling moves replicas between Deployments, pod churn deletes as many as it creates) \
            while sampling this process's resident memory and the informers' cache sizes. After the \
            warm-up, the median of the last window may exceed the median of the first window by at \
            most --max-growth percent. At the end it waits (up to --settle-timeout) until every cache \
            equals the server. Prints events processed, relists, peak and final RSS, the growth and \
            the object count over time; exits non-zero when the ceiling or convergence fails.
            """)

    @Option(help: "How long the workload keeps changing, in seconds.")
    var duration: Double = 1800

    @Option(help: "Scale of the workload: about how many objects exist (steady over the run).")
    var objects: Int = 500

    @Option(help: "Seconds at the start not judged (defaults to a tenth of the duration, at least 30).")
    var warmUp: Double?

    @Option(help: "Seconds between memory samples.")
    var sampleInterval: Double = 5

    @Option(help: "Allowed growth of resident memory after the warm-up, in percent.")
    var maxGrowth: Double = 10

    @Option(help: "Seconds between injected faults.")
    var faultInterval: Double = 4

    @Option(help: "Seed of the workload's random choices.")
    var seed: UInt64 = 42

    @Option(help: "Seconds to wait, after the workload stops, for every cache to equal the server.")
    var settleTimeout: Double = 600

    @Flag(help: "Print glibc's malloc_stats to stderr after the warm-up and at the end.")
    var mallocStats = false

    func validate() throws {
        guard duration > 0, objects > 0, sampleInterval > 0, faultInterval > 0, maxGrowth >= 0, settleTimeout > 0 else {
            throw ValidationError(
                "--duration, --objects, --sample-interval, --fault-interval and --settle-timeout must be positive")
        }
        if let warmUp, warmUp < 0 || warmUp >= duration {
            throw ValidationError("--warm-up must be at least 0 and shorter than --duration")
        }
    }

    func run() async throws {
        var options = DemoOptions()
        options.duration = .milliseconds(Int64(duration * 1000))
        options.objects = objects
        options.faults = true
        options.steadyObjects = true
        options.convergenceTimeout = .milliseconds(Int64(settleTimeout * 1000))
        options.faultInterval = .milliseconds(Int64(faultInterval * 1000))
        options.seed = seed
        options.refreshInterval = .seconds(max(1, Int64(duration / 60)))
        let display = DemoDisplay(live: false) { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
        let warm = warmUp ?? max(30, duration / 10)
        let window = max(sampleInterval * 3, min(60, (duration - warm) / 4))
        let sampler = SoakSampler(
            memory: SoakMemory(warmUp: warm, window: window, allowedGrowth: maxGrowth / 100), mallocStatistics: mallocStats)
        let sampling = Task { await sampler.run(every: .milliseconds(Int64(sampleInterval * 1000))) }
        let result = try await Demo.run(options: options, display: display, tap: sampler.makeTap())
        sampling.cancel()
        await sampling.value
        let memory = sampler.memory
        for line in result.summaryLines { display.write(line) }
        for line in SoakReport.lines(result: result, memory: memory, objects: objects) { display.write(line) }
        if !result.succeeded || !(memory.verdict?.holds ?? false) { throw ExitCode(1) }
    }
}
