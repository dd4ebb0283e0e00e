import ArgumentParser

/// `kinformer bench sync|churn`: the measurements compared with the client-go peer.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure informer sync and churn (compare with the client-go peer).")

    func run() async throws {
        print("kinformer bench: not built yet")
    }
}
