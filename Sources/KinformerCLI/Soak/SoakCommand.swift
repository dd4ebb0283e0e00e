import ArgumentParser
import Foundation

/// `kinformer soak`: the demo with faults for a long time, under a resident-memory ceiling.
struct SoakCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "Run the demo with faults for a long time and check resident memory stays flat.",
        discussion: """
            Runs `kinformer demo --faults` on the embedded API server while sampling this process's \
            resident memory. After the warm-up, the median of the last window may exceed the median \
            of the first window by at most --max-growth percent. Prints events processed, relists, \
            peak and final RSS; exits non-zero when the ceiling or convergence fails.
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

    func validate() throws {
        guard duration > 0, objects > 0, sampleInterval > 0, faultInterval > 0, maxGrowth >= 0 else {
            throw ValidationError("--duration, --objects, --sample-interval and --fault-interval must be positive")
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
        options.faultInterval = .milliseconds(Int64(faultInterval * 1000))
        options.seed = seed
        options.refreshInterval = .seconds(max(1, Int64(duration / 60)))
        let display = DemoDisplay(live: false) { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
        let warm = warmUp ?? max(30, duration / 10)
        let window = max(sampleInterval * 3, min(60, (duration - warm) / 4))
        let memory = SoakSampler(memory: SoakMemory(warmUp: warm, window: window, allowedGrowth: maxGrowth / 100))
        let sampling = Task { await memory.run(every: .milliseconds(Int64(sampleInterval * 1000))) }
        let result = try await Demo.run(options: options, display: display)
        sampling.cancel()
        await sampling.value
        let verdict = memory.finish()
        for line in result.summaryLines { display.write(line) }
        for line in SoakReport.lines(result: result, verdict: verdict, objects: objects) { display.write(line) }
        if !result.succeeded || !(verdict?.holds ?? false) { throw ExitCode(1) }
    }
}
