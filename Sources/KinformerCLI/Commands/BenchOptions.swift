import Foundation
import ArgumentParser
import KubeCache
import KubeClient

/// Options shared by the `kinformer bench` subcommands.
struct BenchOptions: ParsableArguments {
    @Option(help: "The kubeconfig to use (default: client-go's loading rules).")
    var kubeconfig: String?

    @Flag(help: "Drop metadata.managedFields before caching (off by default: the peer keeps them).")
    var dropManagedFields = false

    @Flag(help: "Read JSON instead of protobuf (the peer's default; protobuf is what its -proto asks for).")
    var json = false

    @Flag(help: "Do not intern repeated strings of the cached objects (to measure what interning saves).")
    var noIntern = false

    @Flag(help: "After sync, print the C allocator's statistics to stderr (heap in use vs. held).")
    var mallocStats = false

    /// The peer's rest config sets QPS = Burst = 5000; match it so neither side is throttled differently.
    static let peerRateLimit = ClientConfiguration.RateLimit(qps: 5000, burst: 5000)

    /// A client configured like the peer's: the kubeconfig's cluster and user, QPS/burst 5000.
    func makeClient() throws -> KubeClient {
        var environment = ProcessInfo.processInfo.environment
        if let kubeconfig { environment["KUBECONFIG"] = kubeconfig }
        var configuration = try ClientConfiguration.fromKubeConfig(environment: environment)
        configuration.rateLimit = Self.peerRateLimit
        configuration.userAgent = "kinformer-bench/\(BenchReport.version)"
        configuration.wireFormat = json ? .json : .protobuf
        return try KubeClient(configuration: configuration)
    }

    /// Factory options for the benchmark informer: all namespaces, in-order FIFO, no resync.
    var factoryOptions: SharedInformerFactory.Options {
        var options = SharedInformerFactory.Options()
        options.dropManagedFields = dropManagedFields
        options.internStrings = !noIntern
        return options
    }
}
