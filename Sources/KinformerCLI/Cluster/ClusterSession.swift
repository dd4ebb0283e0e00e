import Foundation
import KubeCache
import KubeClient
import KubeModel

/// A connection to the cluster for one command: the client, the resolved resource, the
/// namespace in scope, and proof (a one-item list) that the user may read it.
struct ClusterSession: Sendable {
    let client: KubeClient
    let resource: ResourceDescriptor
    /// The namespace to list and watch; `nil` for all namespaces or a cluster-scoped resource.
    let namespace: String?
    /// Label and field selectors for every list and watch.
    let tweak: ListTweak
    /// What error messages should name.
    let errorContext: ErrorContext

    /// Loads the configuration, discovers the resource and checks that it may be listed.
    /// - Parameter verbs: what the command will do, for a forbidden error (`list`, `watch`).
    /// - Throws: ``CLIError`` for every failure; the client is shut down then.
    static func open(
        _ options: ConnectionOptions, resource name: String, verbs: [String],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws(CLIError) -> ClusterSession {
        let configuration = try options.clientConfiguration(environment: environment)
        var context = ErrorContext(
            server: configuration.server.absoluteString, kubeconfigFiles: options.kubeconfigFiles(environment: environment),
            verbs: verbs)
        let client: KubeClient
        do {
            client = try KubeClient(configuration: configuration)
        } catch {
            throw CLIError.describing(error, context: context)
        }
        do {
            let catalog = try await client.discovery.catalog()
            let resource = try ResourceResolver(catalog: catalog).resolve(name)
            let namespace = options.scope(defaultNamespace: configuration.namespace, namespaced: resource.namespaced)
            context.resource = resource.description
            context.namespace = namespace
            context.namespaced = resource.namespaced
            let tweak = ListTweak(labelSelector: options.selector, fieldSelector: options.fieldSelector)
            // Informers retry forever; ask once first so that 401/403/bad selectors become errors.
            _ = try await client.metadata(resource, namespace: namespace)
                .list(ListOptions(labelSelector: options.selector, fieldSelector: options.fieldSelector, limit: 1))
            return ClusterSession(
                client: client, resource: resource, namespace: namespace, tweak: tweak, errorContext: context)
        } catch {
            try? await client.shutdown()
            throw CLIError.describing(error, context: context)
        }
    }

    /// Factory options for this scope and these selectors.
    var factoryOptions: SharedInformerFactory.Options {
        var options = SharedInformerFactory.Options()
        options.namespace = namespace
        options.tweak = tweak
        return options
    }

    /// Closes the client's connections.
    func close() async {
        try? await client.shutdown()
    }
}
