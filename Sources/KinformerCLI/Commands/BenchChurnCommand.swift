import ArgumentParser

/// `kinformer bench churn -n M`: sync, then patch M pods (label `gen` → `"1"`, 16 concurrent
/// writers, merge patch) and report how long until the handler saw every update.
struct BenchChurnCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "churn", abstract: "Sync, patch M pods, wait until the handler saw them; print one JSON line.")

    @OptionGroup var options: BenchOptions

    @Option(name: [.customShort("n"), .long], help: "Pods to patch.")
    var count = 1000

    @Option(name: [.customShort("c"), .long], help: "Concurrent writers.")
    var writers = 16

    func run() async throws {
        let client = try options.makeClient()
        do {
            var runner = BenchRunner(client: client, options: options.factoryOptions)
            runner.writers = writers
            runner.printMallocStats = options.mallocStats
            let report = try await runner.run(churn: count)
            print(report.jsonLine)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }
}
