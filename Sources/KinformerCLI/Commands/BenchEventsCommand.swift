import ArgumentParser

/// `kinformer bench events`: watch-event throughput of the informer pipeline, from a captured
/// watch body replayed in memory.
struct BenchEventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Capture a watch of every pod, replay it into an informer; print events/s (one JSON line per run).")

    @OptionGroup var options: BenchOptions

    @Option(help: "Replays of the one capture.")
    var runs = 3

    func run() async throws {
        let client = try options.makeClient()
        do {
            for report in try await EventThroughputBench(client: client).run(runs: runs) {
                print(report.jsonLine)
            }
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }
}
