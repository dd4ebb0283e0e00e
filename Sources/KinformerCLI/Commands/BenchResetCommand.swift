import ArgumentParser
import KubeClient
import KubeModel

/// `kinformer bench reset`: sets label `gen` back to `"0"` on every pod that has `gen=1`, so the
/// next churn run (peer or kinformer) sees a real change for every pod it patches; optionally
/// deletes all pods of a namespace at once (grace period 0) to shrink the dataset again.
struct BenchResetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset", abstract: "Set gen=0 on all pods with gen=1; optionally delete a namespace's pods.")

    @OptionGroup var options: BenchOptions

    @Option(help: "Also delete every pod in this namespace (grace period 0).")
    var deletePodsIn: String?

    static let resetPatch: JSONValue = ["metadata": ["labels": ["gen": "0"]]]

    func run() async throws {
        let client = try options.makeClient()
        do {
            try await reset(client)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    private func reset(_ client: KubeClient) async throws {
        if let namespace = deletePodsIn {
            _ = try await client.resource(CoreV1.Pod.self, namespace: namespace)
                .deleteCollection(options: DeleteOptions(gracePeriodSeconds: 0))
        }
        let pods = try await client.resource(CoreV1.Pod.self).listAll(ListOptions(labelSelector: "gen=1"))
        let keys = pods.items.map(\.key)
        let failures = await BenchRunner.forEachConcurrently(keys, writers: 16) { key in
            let (namespace, name) = try ObjectKey.split(key)
            _ = try await client.resource(CoreV1.Pod.self, namespace: namespace).patch(name, try .merge(Self.resetPatch))
        }
        print("reset \(keys.count - failures) of \(keys.count) pods to gen=0")
        if failures > 0 { throw BenchError("\(failures) reset patches failed") }
    }
}
