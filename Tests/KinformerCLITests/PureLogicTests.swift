import Foundation
import KubeCache
import KubeClient
import KubeModel
import Testing

@testable import KinformerCLI

@Suite struct AgeFormatterTests {
    static let cases: [(Int64, String)] = [
        (Int64(-5), "<invalid>"), (-1, "0s"), (0, "0s"), (5, "5s"), (119, "119s"), (120, "2m"), (200, "3m20s"),
        (599, "9m59s"), (600, "10m"), (3 * 3600 - 1, "179m"), (3 * 3600, "3h"), (2 * 3600 + 300 + 3600, "3h5m"),
        (8 * 3600, "8h"), (47 * 3600, "47h"), (48 * 3600, "2d"), (3 * 86400 + 4 * 3600, "3d4h"), (8 * 86400, "8d"),
        (729 * 86400, "729d"), (730 * 86400, "2y"), (3 * 365 * 86400 + 40 * 86400, "3y40d"), (9 * 365 * 86400, "9y"),
    ]

    @Test(arguments: cases)
    func formats(seconds: Int64, expected: String) {
        #expect(AgeFormatter.format(seconds: seconds) == expected)
    }

    @Test func unknownWithoutTimestamp() {
        #expect(AgeFormatter.format(created: nil, now: 100) == "<unknown>")
        #expect(AgeFormatter.format(created: 40, now: 100) == "60s")
    }
}

@Suite struct TableRendererTests {
    @Test func alignsColumnsWithThreeSpaces() {
        let lines = TableRenderer(headers: ["NAMESPACE", "NAME", "AGE"]).render([
            ["default", "web-1", "5s"], ["kube-system", "a", "3m"],
        ])
        #expect(lines == [
            "NAMESPACE     NAME    AGE",
            "default       web-1   5s",
            "kube-system   a       3m",
        ])
    }

    @Test func noTrailingSpacesAndShortRowsPadded() {
        let lines = TableRenderer(headers: ["NAME", "AGE"]).render([["x"]])
        #expect(lines == ["NAME   AGE", "x"])
    }
}

@Suite struct EventPrinterTests {
    static func pod(_ name: String, rv: String) -> DynamicObject {
        DynamicObject(
            apiVersion: "v1", kind: "Pod", metadata: ObjectMeta(name: name, namespace: "default", resourceVersion: rv),
            content: ["spec": ["nodeName": "n1"]])
    }

    @Test func textLines() {
        let printer = EventPrinter(format: .text)
        #expect(printer.render(.added(Self.pod("web-1", rv: "12"), isInInitialList: true)) == "ADDED default/web-1 rv=12")
        #expect(
            printer.render(.updated(old: Self.pod("web-1", rv: "12"), new: Self.pod("web-1", rv: "13")))
                == "MODIFIED default/web-1 rv=13")
        #expect(printer.render(.deleted(.object(Self.pod("web-1", rv: "14")))) == "DELETED default/web-1 rv=14")
        let tombstone = DeletedFinalStateUnknown(key: "default/web-1", object: Self.pod("web-1", rv: "13"))
        #expect(
            printer.render(.deleted(.tombstone(tombstone))) == "DELETED default/web-1 rv=13 (final state unknown)")
    }

    @Test func jsonLinesCarryTheWholeObject() throws {
        let printer = EventPrinter(format: .json)
        let line = printer.render(.deleted(.object(Self.pod("web-1", rv: "14"))))
        #expect(!line.contains("\n"))
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(line.utf8))
        #expect(decoded["type"]?.stringValue == "DELETED")
        #expect(decoded["object"]?["kind"]?.stringValue == "Pod")
        #expect(decoded["object"]?["metadata"]?["resourceVersion"]?.stringValue == "14")
        #expect(decoded["object"]?["spec"]?["nodeName"]?.stringValue == "n1")
    }
}

@Suite struct ResourceResolverTests {
    static let catalog = ResourceCatalog([
        APIResourceList(groupVersion: "v1", resources: [
            APIResource(name: "pods", singularName: "pod", namespaced: true, kind: "Pod", shortNames: ["po"]),
            APIResource(name: "pods/log", namespaced: true, kind: "Pod"),
            APIResource(name: "configmaps", singularName: "configmap", namespaced: true, kind: "ConfigMap", shortNames: ["cm"]),
            APIResource(name: "namespaces", singularName: "namespace", namespaced: false, kind: "Namespace", shortNames: ["ns"]),
        ]),
        APIResourceList(groupVersion: "apps/v1", resources: [
            APIResource(name: "deployments", singularName: "deployment", namespaced: true, kind: "Deployment", shortNames: ["deploy"]),
        ]),
        APIResourceList(groupVersion: "example.com/v1", resources: [
            APIResource(name: "widgets", singularName: "widget", namespaced: true, kind: "Widget"),
        ]),
    ])

    @Test(arguments: [
        ("pods", "pods"), ("pod", "pods"), ("po", "pods"), ("Pod", "pods"), ("cm", "configmaps"),
        ("deploy", "deployments.apps"), ("deployments.apps", "deployments.apps"), ("widgets.example.com", "widgets.example.com"),
        ("widget", "widgets.example.com"), ("pods.v1", "pods"), ("deploy.v1.apps", "deployments.apps"),
    ])
    func resolvesAsKubectl(name: String, expected: String) throws {
        #expect(try ResourceResolver(catalog: Self.catalog).resolve(name).description == expected)
    }

    @Test func unknownResourceSuggestsCloseMatches() {
        let error = #expect(throws: CLIError.self) { try ResourceResolver(catalog: Self.catalog).resolve("podz") }
        #expect(error?.code == .unknownResource)
        #expect(error?.message.contains("\"podz\"") == true)
        #expect(error?.message.contains("Did you mean pods") == true)
        let far = #expect(throws: CLIError.self) { try ResourceResolver(catalog: Self.catalog).resolve("zzzzzzzz") }
        #expect(far?.message.contains("kubectl api-resources") == true)
    }

    @Test func editDistance() {
        #expect(ResourceResolver.editDistance("kitten", "sitting") == 3)
        #expect(ResourceResolver.editDistance("", "abc") == 3)
        #expect(ResourceResolver.editDistance("deploy", "deploy") == 0)
    }
}

@Suite struct IndexQueryTests {
    @Test func parsesSupportedForms() throws {
        let ns = try IndexQuery(parsing: "namespace=prod")
        #expect(ns.indexName == "namespace" && ns.value == "prod" && ns.labelKey == nil)
        let label = try IndexQuery(parsing: "label:app=web=x")
        #expect(label.indexName == "label:app" && label.value == "web=x" && label.labelKey == "app")
        let owner = try IndexQuery(parsing: "owner=123")
        #expect(owner.indexName == "owner" && owner.value == "123")
    }

    @Test(arguments: ["app=web", "label:=x", "namespace", "color=red"])
    func rejectsOthers(text: String) {
        let error = #expect(throws: CLIError.self) { try IndexQuery(parsing: text) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("label:KEY=VALUE") == true)
    }

    @Test func selectsByIntersectingIndexes() throws {
        let indexer = Indexer<PartialObjectMetadata>()
        let queries = [try IndexQuery(parsing: "namespace=a"), try IndexQuery(parsing: "label:app=web")]
        try indexer.addIndexers(IndexQuery.indexFunctions(for: queries))
        for (ns, name, app) in [("a", "1", "web"), ("a", "2", "db"), ("b", "3", "web")] {
            _ = indexer.add(PartialObjectMetadata(metadata: ObjectMeta(name: name, namespace: ns, labels: ["app": app])))
        }
        #expect(try IndexQuery.select(queries, from: indexer).map(\.key) == ["a/1"])
        #expect(try IndexQuery.select([], from: indexer).count == 3)
    }
}

@Suite struct ErrorMappingTests {
    @Test func forbiddenNamesVerbAndResource() {
        let api = KubeAPIError(
            code: 403, reason: .forbidden,
            message: "pods is forbidden: User \"bob\" cannot list resource \"pods\" in API group \"\" at the cluster scope")
        let error = CLIError.describing(api, context: ErrorContext(resource: "pods"))
        #expect(error.code == .forbidden)
        #expect(error.message.hasPrefix("forbidden: you are not allowed to list and watch pods across all namespaces"))
        #expect(error.message.contains("-n NAMESPACE"))
    }

    @Test func unauthorizedNeverShowsTheToken() {
        let error = CLIError.describing(
            KubeAPIError(code: 401, reason: .unauthorized, message: "Unauthorized"),
            context: ErrorContext(server: "https://127.0.0.1:6443", kubeconfigFiles: ["/k"]))
        #expect(error.code == .unauthorized)
        #expect(error.message.contains("https://127.0.0.1:6443 did not accept your credentials (from /k)"))
    }

    @Test func transportErrors() {
        struct Fake: Error, CustomStringConvertible { var description: String }
        let tls = CLIError.describing(
            Fake(description: "handshakeFailed(BoringSSLError: CERTIFICATE_VERIFY_FAILED)"),
            context: ErrorContext(server: "https://h:6443"))
        #expect(tls.code == .certificateRejected)
        #expect(tls.message.contains("https://h:6443") && tls.message.contains("certificate-authority"))
        let refused = CLIError.describing(
            Fake(description: "connect(descriptor:addr:size:): Connection refused (errno: 111)"),
            context: ErrorContext(server: "https://h:6443"))
        #expect(refused.code == .unreachable)
        #expect(refused.message.hasPrefix("cannot reach https://h:6443: the connection was refused"))
    }

    @Test func connectionOptionsParseLikeKubectl() throws {
        let options = try ConnectionOptions.parse(
            ["--kubeconfig", "/k", "--context", "c", "-l", "app=web", "--field-selector", "metadata.name=x", "-A"])
        #expect(options.kubeconfig == "/k" && options.context == "c" && options.allNamespaces)
        #expect(options.selector == "app=web" && options.fieldSelector == "metadata.name=x")
        #expect(options.scope(defaultNamespace: "d", namespaced: true) == nil)
        let ns = try ConnectionOptions.parse(["-n", "prod"])
        #expect(ns.scope(defaultNamespace: "d", namespaced: true) == "prod")
        #expect(ns.scope(defaultNamespace: "d", namespaced: false) == nil)
        #expect(try ConnectionOptions.parse([]).scope(defaultNamespace: "d", namespaced: true) == "d")
        #expect(throws: (any Error).self) { try ConnectionOptions.parse(["-n", "x", "-A"]) }
    }
}
