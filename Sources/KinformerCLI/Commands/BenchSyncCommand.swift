import ArgumentParser

/// `kinformer bench sync`: time, CPU and memory to sync a pod informer over all namespaces.
struct BenchSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Sync a pod informer over all namespaces; print one JSON line.")

    @OptionGroup var options: BenchOptions

    func run() async throws {
        let client = try options.makeClient()
        do {
            var runner = BenchRunner(client: client, options: options.factoryOptions)
            runner.printMallocStats = options.mallocStats
            let report = try await runner.run(churn: nil)
            print(report.jsonLine)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }
}
