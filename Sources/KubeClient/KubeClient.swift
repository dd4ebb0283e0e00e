import AsyncHTTPClient
public import KubeModel
public import Logging
public import NIOCore

/// A client of one Kubernetes API server: REST verbs per resource, watches, and discovery.
///
/// ```swift
/// let client = try KubeClient(configuration: .automatic())
/// let configMaps = client.resource(CoreV1.ConfigMap.self, namespace: "default")
/// let list = try await configMaps.listAll()
/// try await client.shutdown()
/// ```
/// Call ``shutdown()`` before dropping the client.
public final class KubeClient: Sendable {
    /// The configuration in use.
    public var configuration: ClientConfiguration { transport.configuration }
    let transport: Transport

    /// Creates a client.
    /// - Parameters:
    ///   - eventLoopGroup: the NIO group to run on; `nil` for AsyncHTTPClient's shared singleton.
    ///   - logger: debug logs of retries and refreshes; never logs secrets.
    /// - Throws: ``KubeConfigError`` when a CA or client certificate cannot be parsed.
    public init(
        configuration: ClientConfiguration, eventLoopGroup: (any EventLoopGroup)? = nil,
        logger: Logger = Logger(label: "kinformer.client")
    ) throws {
        transport = try Transport(configuration: configuration, eventLoopGroup: eventLoopGroup, logger: logger)
    }

    /// A client from the kubeconfig (client-go's loading rules) or, in a pod, in-cluster config.
    public static func automatic(logger: Logger = Logger(label: "kinformer.client")) throws -> KubeClient {
        try KubeClient(configuration: .automatic(), logger: logger)
    }

    /// Closes connections. Watches in progress end with an error.
    public func shutdown() async throws {
        try await transport.shutdown()
    }

    /// The namespace of the configuration's context (`default` when it names none).
    public var defaultNamespace: String { configuration.namespace }

    /// A client for a typed resource, e.g. `client.resource(CoreV1.ConfigMap.self, namespace: "ns")`.
    /// - Parameter namespace: `nil` for all namespaces (lists, watches) or per-object namespaces.
    public func resource<T: KubernetesResource>(_ type: T.Type, namespace: String? = nil) -> ResourceClient<T> {
        ResourceClient(resource: T.resource, namespace: namespace, transport: transport)
    }

    /// A client for any resource decoded as `T` (``DynamicObject`` by default).
    public func resource<T: KubernetesObject>(
        _ descriptor: ResourceDescriptor, as type: T.Type = DynamicObject.self, namespace: String? = nil
    ) -> ResourceClient<T> {
        ResourceClient(resource: descriptor, namespace: namespace, transport: transport)
    }

    /// A metadata-only client: lists and watches return ``PartialObjectMetadata`` (the server
    /// sends only type and metadata), which is cheap to decode and cache.
    public func metadata(_ descriptor: ResourceDescriptor, namespace: String? = nil) -> ResourceClient<PartialObjectMetadata> {
        ResourceClient(resource: descriptor, namespace: namespace, transport: transport, metadataOnly: true)
    }

    /// Server version, groups and resources.
    public var discovery: Discovery { Discovery(transport: transport) }
}
