import ArgumentParser

/// `kinformer bench sync`: time, CPU and memory to sync a pod informer over all namespaces.
struct BenchSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Sync a pod informer over all namespaces; print one JSON line.")

    @OptionGroup var options: BenchOptions

    func run() async throws {
        let client = try options.makeClient()
        do {
            let report = try await BenchRunner(client: client, options: options.factoryOptions).run(churn: nil)
            print(report.jsonLine)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }
}
