import ArgumentParser
import Foundation
import KubeClient

/// Where the cluster is and what part of it to look at, as kubectl takes it; shared by
/// `watch` and `get`.
///
/// The kubeconfig is `--kubeconfig PATH` if given, else the `:`-separated `KUBECONFIG` files,
/// else `~/.kube/config`; with none of those, the in-cluster service account when running in a pod.
struct ConnectionOptions: ParsableArguments, Sendable {
    @Option(help: "Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config, else in-cluster).")
    var kubeconfig: String?

    @Option(help: "The kubeconfig context to use (default: current-context).")
    var context: String?

    @Option(name: .shortAndLong, help: "The namespace (default: the context's namespace).")
    var namespace: String?

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "Look at every namespace.")
    var allNamespaces = false

    @Option(name: [.customShort("l"), .customLong("selector")], help: "Label selector, e.g. app=web,tier!=db.")
    var selector: String?

    @Option(name: .customLong("field-selector"), help: "Field selector, e.g. metadata.name=web-1.")
    var fieldSelector: String?

    init() {}

    func validate() throws {
        if allNamespaces, namespace != nil {
            throw ValidationError("--namespace and --all-namespaces cannot be used together.")
        }
    }

    /// The kubeconfig files that would be read, in order (client-go's loading rules).
    func kubeconfigFiles(environment: [String: String]) -> [String] {
        if let kubeconfig { return [kubeconfig] }
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            return list.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        }
        return [(environment["HOME"] ?? NSHomeDirectory()) + "/.kube/config"]
    }

    /// Resolves the options into a client configuration tuned for a command-line tool: no
    /// request-level retries on connection failures and a 5 s connect timeout, so an unreachable
    /// server is reported in seconds (the informer's reflector still retries with its own backoff),
    /// and kubectl's client-side limits (50 qps, burst 300) so discovery's many requests are quick.
    /// - Throws: ``CLIError`` naming the kubeconfig files looked at, or the contexts that exist.
    func clientConfiguration(environment: [String: String] = ProcessInfo.processInfo.environment) throws(CLIError)
        -> ClientConfiguration
    {
        let files = kubeconfigFiles(environment: environment)
        var configuration: ClientConfiguration
        do {
            configuration = try loadConfiguration(files: files, environment: environment)
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError.describing(error, context: ErrorContext(kubeconfigFiles: files))
        }
        configuration.retry.maxRetries = 0
        configuration.timeouts.connect = .seconds(5)
        configuration.rateLimit = .init(qps: 50, burst: 300)
        return configuration
    }

    private func loadConfiguration(files: [String], environment: [String: String]) throws -> ClientConfiguration {
        if let kubeconfig, !FileManager.default.fileExists(atPath: kubeconfig) {
            throw CLIError(
                .noKubeconfig,
                "no kubeconfig found at \(kubeconfig) (given with --kubeconfig). Check the path, "
                    + "or leave out --kubeconfig to use $KUBECONFIG or ~/.kube/config.")
        }
        var loaded: KubeConfig?
        var failure: KubeConfigError?
        do {
            loaded = try KubeConfig.load(paths: kubeconfig.map { [$0] }, environment: environment)
        } catch {
            failure = error
        }
        guard let kubeConfig = loaded else {
            guard let failure, failure.code == .noConfiguration else { throw failure ?? noKubeconfig(files) }
            if kubeconfig == nil, context == nil, environment["KUBERNETES_SERVICE_HOST"] != nil {
                var inCluster = try ClientConfiguration.inCluster(environment: environment)
                if let namespace { inCluster.namespace = namespace }
                return inCluster
            }
            throw noKubeconfig(files)
        }
        if let context, kubeConfig.contexts[context] == nil {
            let names = kubeConfig.contexts.keys.sorted()
            let existing = names.isEmpty ? "it defines no contexts" : "the contexts there are: \(names.joined(separator: ", "))"
            throw CLIError(
                .contextNotFound,
                "context \"\(context)\" does not exist in \(kubeConfig.sources.joined(separator: ", ")); "
                    + "\(existing). Choose one of them with --context NAME.")
        }
        return try ClientConfiguration(kubeConfig: kubeConfig, context: context, namespace: namespace)
    }

    private func noKubeconfig(_ files: [String]) -> CLIError {
        CLIError(
            .noKubeconfig,
            "no kubeconfig found (looked at \(files.joined(separator: ", "))) and not running in a pod. "
                + "Pass --kubeconfig PATH, set KUBECONFIG, or create ~/.kube/config.")
    }

    /// The namespace to list and watch: `nil` for all namespaces or a cluster-scoped resource.
    func scope(defaultNamespace: String, namespaced: Bool) -> String? {
        guard namespaced, !allNamespaces else { return nil }
        return namespace ?? defaultNamespace
    }
}
