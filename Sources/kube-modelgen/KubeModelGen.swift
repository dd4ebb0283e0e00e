import ArgumentParser
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `kube-modelgen`: generates KubeModel's typed resources from a Kubernetes OpenAPI v2 document.
@main
struct KubeModelGen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kube-modelgen",
        abstract: "Generate Swift types for Kubernetes API groups from an OpenAPI v2 (swagger.json) document.")

    /// The group/versions generated when none are given.
    static let defaultGroupVersions = [
        "core/v1", "apps/v1", "batch/v1", "batch/v1beta1", "coordination/v1", "discovery/v1beta1",
        "networking/v1", "rbac/v1", "policy/v1beta1", "events/v1", "autoscaling/v1", "apiextensions.k8s.io/v1",
    ]

    @Option(name: .shortAndLong, help: "Path of the OpenAPI v2 document (swagger.json).")
    var input: String?

    @Option(name: .long, help: "URL of the document, e.g. https://host:6443/openapi/v2 (instead of --input).")
    var url: String?

    @Option(name: .long, help: "Bearer token for --url.")
    var token: String?

    @Option(name: .shortAndLong, help: "Folder to write one Swift file per group/version into.")
    var output: String

    @Option(name: .customLong("group-version"), help: "A group/version to generate (repeatable), e.g. core/v1.")
    var groupVersions: [String] = []

    @Option(name: .long, help: "Label of the source document in file headers (default: its info.version).")
    var sourceVersion: String?

    @Option(name: .long, help: "A CustomResourceDefinition manifest (YAML or JSON; repeatable) to generate types for, instead of an OpenAPI document.")
    var crd: [String] = []

    @Option(name: .customLong("import"), help: "An import line written atop each file generated from --crd (repeatable).")
    var imports: [String] = ["import KubeModel"]

    @Flag(name: .customLong("internal"), help: "Make the types generated from --crd internal instead of public.")
    var internalTypes = false

    @Flag(name: .customLong("tape-decoders"), help: "With --crd, also emit direct tape decoders (only for code compiled inside the Kinformer package; elsewhere the types decode through FastJSON's Decoder route).")
    var tapeDecoders = false

    @Option(name: .long, help: "Folder of the Kubernetes API packages' generated.proto and types.go (staging/src/k8s.io of the Kubernetes source): also emit protobuf decoders (<GV>+ProtobufDecoding.swift).")
    var protoRoot: String?

    func run() async throws {
        if !crd.isEmpty { return try CRDInput.generate(paths: crd, imports: imports, publicTypes: !internalTypes, tapeDecoders: tapeDecoders, output: output) }
        let data = try await loadDocument()
        let document = try OpenAPIDocument.load(data)
        // The default set spans releases: skip what this document lacks; explicit requests must exist.
        let plan = try ModelPlanner(document: document).plan(
            groupVersions: groupVersions.isEmpty ? Self.defaultGroupVersions : groupVersions,
            skipMissing: groupVersions.isEmpty)
        for gv in plan.skipped {
            FileHandle.standardError.write(Data("kube-modelgen: skipping \(gv): not in this document\n".utf8))
        }
        let emitter = SwiftEmitter(sourceLabel: sourceVersion ?? document.info?.version ?? "(unversioned)")
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        var protobuf: (catalog: ProtoCatalog, supported: Set<String>)?
        if let protoRoot {
            let catalog = try ProtoCatalog.load(root: protoRoot, definitions: plan.namespaces.flatMap { $0.types.map(\.definition) })
            let (supported, skipped) = emitter.protobufSupport(plan, catalog: catalog)
            for (type, why) in skipped.sorted(by: { $0.key < $1.key }) {
                FileHandle.standardError.write(Data("kube-modelgen: no protobuf decoder for \(type): \(why)\n".utf8))
            }
            protobuf = (catalog, supported)
        }
        for ns in plan.namespaces {
            var files = [emitter.file(for: ns), emitter.tapeDecodingFile(for: ns)]
            if let protobuf { files.append(emitter.protobufDecodingFile(for: ns, catalog: protobuf.catalog, supported: protobuf.supported)) }
            for file in files {
                let path = (output as NSString).appendingPathComponent(file.name)
                try file.contents.write(toFile: path, atomically: true, encoding: .utf8)
                print("wrote \(path) (\(ns.types.count) types)")
            }
        }
    }

    private func loadDocument() async throws -> Data {
        if let input {
            return try Data(contentsOf: URL(fileURLWithPath: input))
        }
        guard let url, let target = URL(string: url) else {
            throw ValidationError("give --input FILE or --url URL")
        }
        var request = URLRequest(url: target)
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        if let http = response as? HTTPURLResponse, http.statusCode != 200 {
            throw ModelGenError(description: "GET \(url) answered HTTP \(http.statusCode); check the URL and token")
        }
        return data
    }
}
