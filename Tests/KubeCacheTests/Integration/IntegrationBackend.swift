import Foundation
import KubeClient
import KubeModel
import KubeTesting
import Synchronization

/// Which API server an integration test body runs against.
enum BackendKind: String, CaseIterable, Sendable, CustomStringConvertible {
    /// The real etcd + kube-apiserver v1.20.2 (`ControlPlane.shared()`).
    case controlPlane
    /// ``InProcessAPIServer`` in this process.
    case inProcess

    var description: String { rawValue }
}

/// One API server plus an admin client for it: the same test body runs on either.
///
/// Everything a scenario does goes through `client` (the real HTTP protocol on both backends);
/// only what cannot be done that way (registering a custom resource, restarting, faults) is
/// backend-specific.
final class IntegrationBackend: Sendable {
    let kind: BackendKind
    /// An admin client, unthrottled (tests write many objects quickly).
    let client: KubeClient
    /// The in-process server, for `.inProcess`.
    let inProcess: InProcessAPIServer?
    /// The real plane, for `.controlPlane`.
    let plane: ControlPlane?
    /// Clients made by ``makeClient()``, shut down with the backend.
    private let extraClients = Mutex<[KubeClient]>([])

    private init(kind: BackendKind, client: KubeClient, inProcess: InProcessAPIServer?, plane: ControlPlane?) {
        self.kind = kind
        self.client = client
        self.inProcess = inProcess
        self.plane = plane
    }

    /// Whether the server serves streaming lists (`sendInitialEvents`).
    var supportsStreamingLists: Bool {
        switch kind {
        case .controlPlane: false
        case .inProcess: inProcess?.configuration.supportsStreamingLists ?? false
        }
    }

    /// Runs `body` against a fresh backend of `kind`, always cleaning up afterwards.
    /// - Parameter dedicatedPlane: start a private control plane (for disruptive tests).
    static func with<T>(
        _ kind: BackendKind, dedicatedPlane: Bool = false,
        configure: (inout InProcessAPIServer.Configuration) -> Void = { _ in },
        _ body: (IntegrationBackend) async throws -> T
    ) async throws -> T {
        let backend = try await make(kind, dedicatedPlane: dedicatedPlane, configure: configure)
        do {
            let result = try await body(backend)
            await backend.close()
            return result
        } catch {
            await backend.close()
            throw error
        }
    }

    private static func make(
        _ kind: BackendKind, dedicatedPlane: Bool, configure: (inout InProcessAPIServer.Configuration) -> Void
    ) async throws -> IntegrationBackend {
        switch kind {
        case .controlPlane:
            let plane = dedicatedPlane ? try await ControlPlane.startDedicated() : try await ControlPlane.shared()
            do {
                let kubeConfig = try KubeConfig.load(paths: [plane.adminTokenKubeconfig])
                return IntegrationBackend(
                    kind: kind, client: try makeClient(kubeConfig), inProcess: nil, plane: plane)
            } catch {
                try? await plane.stop()
                throw error
            }
        case .inProcess:
            var configuration = InProcessAPIServer.Configuration()
            configure(&configuration)
            let server = InProcessAPIServer(configuration: configuration)
            try await server.start()
            do {
                let kubeConfig = try KubeConfig.parse(yaml: server.kubeconfig())
                return IntegrationBackend(
                    kind: kind, client: try makeClient(kubeConfig), inProcess: server, plane: nil)
            } catch {
                await server.shutdown()
                throw error
            }
        }
    }

    private static func makeClient(_ kubeConfig: KubeConfig) throws -> KubeClient {
        var configuration = try ClientConfiguration(kubeConfig: kubeConfig)
        configuration.rateLimit = .unlimited
        return try KubeClient(configuration: configuration)
    }

    /// A second, independent admin client (own connections), e.g. for an informer.
    func makeClient(wireFormat: ClientConfiguration.WireFormat = .protobuf) throws -> KubeClient {
        var configuration = client.configuration
        configuration.rateLimit = .unlimited
        configuration.wireFormat = wireFormat
        let extra = try KubeClient(configuration: configuration)
        extraClients.withLock { $0.append(extra) }
        return extra
    }

    private func close() async {
        for extra in extraClients.withLock({ $0 }) { try? await extra.shutdown() }
        try? await client.shutdown()
        if let inProcess { await inProcess.shutdown() }
        try? await plane?.stop()  // does nothing for the shared plane
    }

    // MARK: - Namespaces and custom resources

    /// Creates a namespace with a unique name for one test.
    func makeNamespace(_ prefix: String) async throws -> String {
        let name = "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await client.resource(CoreV1.Namespace.self).create(CoreV1.Namespace(metadata: ObjectMeta(name: name)))
        return name
    }

    /// Makes a namespaced custom resource `widgets.<unique group>/v1` available, returning it
    /// once it is served: on the real server through a CustomResourceDefinition (waiting for
    /// `Established` and a successful list), in process by registering it.
    func makeCustomResource() async throws -> ResourceDescriptor {
        let group = "it\(UUID().uuidString.prefix(8).lowercased()).kinformer.test"
        let widgets = ResourceDescriptor(
            group: group, version: "v1", kind: "Widget", plural: "widgets", namespaced: true)
        switch kind {
        case .inProcess:
            inProcess!.register(widgets, statusSubresource: false)
        case .controlPlane:
            let crdJSON = """
                {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
                 "metadata":{"name":"widgets.\(group)"},
                 "spec":{"group":"\(group)","scope":"Namespaced",
                   "names":{"plural":"widgets","singular":"widget","kind":"Widget","listKind":"WidgetList"},
                   "versions":[{"name":"v1","served":true,"storage":true,
                     "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
                """
            let crd = try JSONDecoder().decode(DynamicObject.self, from: Data(crdJSON.utf8))
            let crds = client.resource(ApiextensionsV1.CustomResourceDefinition.resource)
            _ = try await crds.create(crd)
            let probe = client.resource(widgets)
            try await eventually("CRD widgets.\(group) established and served") {
                let current = try await crds.get("widgets.\(group)")
                let conditions = current["status"]?["conditions"]?.arrayValue ?? []
                let established = conditions.contains {
                    $0["type"]?.stringValue == "Established" && $0["status"]?.stringValue == "True"
                }
                guard established else { return false }
                return (try? await probe.list()) != nil
            }
        }
        return widgets
    }

    /// Removes a custom resource made by ``makeCustomResource()`` (real server only; best effort).
    func removeCustomResource(_ resource: ResourceDescriptor) async {
        guard kind == .controlPlane else { return }
        _ = try? await client.resource(ApiextensionsV1.CustomResourceDefinition.resource)
            .delete("\(resource.plural).\(resource.group)")
    }
}
