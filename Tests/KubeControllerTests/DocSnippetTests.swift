import Foundation
import KubeCache
import KubeClient
import KubeModel
import KubeTesting
import KubeWorkQueue
import Testing

/// The `swift` examples of the doc comments, copied here verbatim between `// snippet:` markers:
/// the build checks that they compile, and ``copiesMatchTheDocComments()`` that the copies are
/// still what the doc comments say. (They need a cluster or a path, so they are compiled, not run;
/// the README's tour runs for real in ``ReadmeTourTests``.)
@Suite struct DocSnippetTests {
    func kubeClient() async throws {
        // snippet: Sources/KubeClient/KubeClient.swift
        let client = try KubeClient(configuration: .automatic())
        let configMaps = client.resource(CoreV1.ConfigMap.self, namespace: "default")
        let list = try await configMaps.listAll()
        try await client.shutdown()
        // end snippet
        _ = list
    }

    func sharedInformerFactory(client: KubeClient, queue: WorkQueue<String>) async throws {
        // snippet: Sources/KubeCache/Informer/SharedInformerFactory.swift
        let factory = SharedInformerFactory(client: client)
        let pods = try factory.informer(for: CoreV1.Pod.self)
        pods.addEventHandler(onAdd: { pod, _ in queue.add(pod.key) })
        factory.start()
        let unsynced = await factory.waitForCacheSync()   // [] when all synced
        // end snippet
        _ = unsynced
    }

    func inProcessAPIServer(path: String) async throws {
        // snippet: Sources/KubeTesting/InProcess/InProcessAPIServer.swift
        let server = InProcessAPIServer()
        try await server.start()
        defer { Task { await server.shutdown() } }
        try server.writeKubeconfig(to: path)   // clients connect as to a real cluster
        server.faults.dropWatches()
        // end snippet
    }

    @Test func copiesMatchTheDocComments() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let copies = try Self.copies(in: String(contentsOfFile: #filePath, encoding: .utf8))
        #expect(copies.count == 3)
        for (path, copy) in copies {
            let source = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
            #expect(Self.docExample(in: source) == copy, "the example in \(path) and its copy here differ")
        }
    }

    /// The lines between `// snippet: <path>` and `// end snippet`, by path, indentation removed.
    static func copies(in text: String) -> [(path: String, lines: [String])] {
        var out: [(String, [String])] = []
        var current: (path: String, lines: [String])?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("// snippet: ") {
                current = (String(trimmed.dropFirst("// snippet: ".count)), [])
            } else if trimmed == "// end snippet", let done = current {
                out.append(done)
                current = nil
            } else if current != nil {
                current!.lines.append(trimmed)
            }
        }
        return out
    }

    /// The lines of the first ```` ```swift ```` block of a doc comment.
    static func docExample(in source: String) -> [String] {
        let lines = source.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let start = lines.firstIndex(of: "/// ```swift"),
              let end = lines[(start + 1)...].firstIndex(of: "/// ```") else { return [] }
        return lines[(start + 1)..<end].map { String($0.dropFirst(4)) }
    }
}
