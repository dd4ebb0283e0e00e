import Foundation
import KubeClient
import KubeModel
import KubeTesting
import Testing
import Yams

@testable import KinformerCLI

/// `kinformer get` next to the API server's own `meta.k8s.io/v1` Table on the real control
/// plane: same columns, same cells; `-o yaml` round-trips; `-w` shows each change once.
@Suite(.timeLimit(.minutes(3))) struct PrinterClusterTests {
    static let deployments = ResourceDescriptor(
        group: "apps", version: "v1", kind: "Deployment", plural: "deployments", singular: "deployment", namespaced: true)
    static let crds = ResourceDescriptor(
        group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition",
        plural: "customresourcedefinitions", namespaced: false)

    /// The server's Table for `path`: headers (upper case) and each row's cells as kubectl prints them, by name.
    static func serverTable(_ plane: ControlPlane, _ path: String) throws -> (headers: [String], rows: [String: [String]]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = [
            "-sS", "--cacert", plane.caFile, "-H", "Authorization: Bearer \(plane.adminToken)",
            "-H", "Accept: application/json;as=Table;v=v1;g=meta.k8s.io", plane.serverURL.absoluteString + path,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let table = try JSONDecoder().decode(JSONValue.self, from: data)
        let headers = (table["columnDefinitions"]?.arrayValue ?? []).map { $0.string("name").uppercased() }
        var rows: [String: [String]] = [:]
        for row in table["rows"]?.arrayValue ?? [] {
            let name = row["object"]?["metadata"]?["name"]?.stringValue ?? ""
            rows[name] = (row["cells"]?.arrayValue ?? []).map { $0.isNull ? "<none>" : JSONPath.text($0) }
        }
        return (headers, rows)
    }

    /// Splits printed table lines into cells at the header's column starts.
    static func parse(_ lines: [String]) -> (headers: [String], rows: [[String]]) {
        guard let header = lines.first else { return ([], []) }
        let chars = Array(header)
        var starts: [Int] = []
        for i in chars.indices where chars[i] != " " && (i == 0 || (i >= 3 && chars[(i - 3)..<i].allSatisfy { $0 == " " })) {
            starts.append(i)
        }
        func cells(_ line: String) -> [String] {
            let c = Array(line)
            return starts.indices.map { k in
                let from = min(starts[k], c.count)
                let to = k + 1 < starts.count ? min(starts[k + 1], c.count) : c.count
                return String(c[from..<to]).trimmingCharacters(in: .whitespaces)
            }
        }
        return (cells(header), lines.dropFirst().map(cells))
    }

    /// Seconds in an AGE like `3m20s`.
    static func seconds(_ age: String) -> Int? {
        var total = 0, number = 0, any = false
        for c in age {
            if let d = c.wholeNumberValue { number = number * 10 + d; any = true; continue }
            switch c {
            case "s": total += number
            case "m": total += number * 60
            case "h": total += number * 3600
            case "d": total += number * 86400
            case "y": total += number * 86400 * 365
            default: return nil
            }
            number = 0
        }
        return any ? total : nil
    }

    /// Compares `kinformer get ARGS -o wide` with the server's Table at `path`.
    func compare(_ plane: ControlPlane, path: String, arguments: [String], ageColumns: Set<String>) async throws {
        let before = Date()
        let server = try Self.serverTable(plane, path)
        let mine = Self.parse(try await Self.get(arguments + ["-o", "wide", "--kubeconfig", plane.adminTokenKubeconfig]))
        let slack = Int(Date().timeIntervalSince(before).rounded(.up)) + 1
        #expect(mine.headers == server.headers)
        #expect(mine.rows.count == server.rows.count)
        let nameColumn = mine.headers.firstIndex(of: "NAME") ?? 0
        for row in mine.rows {
            let expected = try #require(server.rows[row[nameColumn]], "no server row for \(row)")
            for (i, header) in mine.headers.enumerated() {
                if ageColumns.contains(header), let a = Self.seconds(row[i]), let b = Self.seconds(expected[i]) {
                    #expect(abs(a - b) <= slack, "\(header) of \(row[nameColumn]): \(row[i]) vs \(expected[i])")
                } else {
                    #expect(row[i] == expected[i], "\(header) of \(row[nameColumn])")
                }
            }
        }
    }

    static func get(_ arguments: [String]) async throws -> [String] {
        var runner = try Self.runner(arguments)
        runner.watch = false
        let output = RecordingOutput()
        try await runner.run(output: output)
        return output.lines
    }

    /// A runner parsed from command-line arguments, as `kinformer get` would build it.
    static func runner(_ arguments: [String]) throws -> GetRunner {
        let command = try GetCommand.parse(arguments)
        var runner = GetRunner(
            connection: command.connection, resource: command.resource, environment: ClusterFixture.isolatedEnvironment)
        runner.format = command.format
        runner.sortBy = command.sortBy
        runner.noHeaders = command.noHeaders
        runner.watch = command.watch
        runner.outputWatchEvents = command.outputWatchEvents
        return runner
    }

    /// A value Yams loaded (tags resolved: quoted scalars stay strings) as JSON.
    static func json(_ value: Any) throws -> JSONValue {
        switch value {
        case let v as Bool: return .bool(v)
        case let v as Int: return .int(Int64(v))
        case let v as Double: return .double(v)
        case let v as String: return .string(v)
        case let v as [Any]: return .array(try v.map(json))
        case let v as [String: Any]: return .object(try v.mapValues(json))
        case is NSNull: return .null
        default: throw CLIError(.invalidArgument, "unexpected YAML value \(value) (\(type(of: value)))")
        }
    }

    static func fixture(_ name: String) throws -> DynamicObject {
        try JSONDecoder().decode(DynamicObject.self, from: Data(contentsOf: URL(fileURLWithPath: "/work/shared/fixtures/\(name)")))
    }

    @Test func podsMatchTheServersTable() async throws {
        let plane = try await ControlPlane.shared()
        let admin = try ClusterFixture.adminClient(plane)
        defer { Task { try await admin.shutdown() } }
        let ns = try await ClusterFixture.makeNamespace(admin)
        let pods = admin.resource(ClusterFixture.pods, namespace: ns)
        _ = try await pods.create(ClusterFixture.pod("pending"))
        let template = try Self.fixture("pod-running.json")
        for (name, waiting) in [("running", nil), ("crashing", "CrashLoopBackOff")] as [(String, String?)] {
            var pod = DynamicObject(apiVersion: "v1", kind: "Pod", metadata: ObjectMeta(name: name), content: template.content)
            pod.content["status"] = nil
            var created = try await pods.create(pod)
            var status = try #require(template["status"])
            if let waiting, var statuses = status["containerStatuses"]?.arrayValue {
                statuses[statuses.count - 1]["state"] = ["waiting": ["reason": .string(waiting)]]
                statuses[statuses.count - 1]["ready"] = false
                status["containerStatuses"] = .array(statuses)
            }
            created["status"] = status
            _ = try await pods.updateStatus(created)
        }
        try await compare(plane, path: "/api/v1/namespaces/\(ns)/pods", arguments: ["pods", "-n", ns], ageColumns: ["AGE"])
    }

    @Test func deploymentsMatchTheServersTable() async throws {
        let plane = try await ControlPlane.shared()
        let admin = try ClusterFixture.adminClient(plane)
        defer { Task { try await admin.shutdown() } }
        let ns = try await ClusterFixture.makeNamespace(admin)
        let deployments = admin.resource(Self.deployments, namespace: ns)
        for (name, replicas) in [("web", 3), ("api", 1)] {
            let deployment = DynamicObject(
                apiVersion: "apps/v1", kind: "Deployment", metadata: ObjectMeta(name: name),
                content: [
                    "spec": [
                        "replicas": .int(Int64(replicas)),
                        "selector": [
                            "matchLabels": ["app": .string(name)],
                            "matchExpressions": [["key": "tier", "operator": "In", "values": ["b", "a"]]],
                        ],
                        "template": [
                            "metadata": ["labels": ["app": .string(name), "tier": "a"]],
                            "spec": ["containers": [["name": "c", "image": "registry.invalid/c:1"], ["name": "d", "image": "registry.invalid/d:2"]]],
                        ],
                    ]
                ])
            var created = try await deployments.create(deployment)
            created["status"] = ["replicas": .int(Int64(replicas)), "readyReplicas": 1, "updatedReplicas": 1, "availableReplicas": 1]
            _ = try await deployments.updateStatus(created)
        }
        try await compare(
            plane, path: "/apis/apps/v1/namespaces/\(ns)/deployments", arguments: ["deploy", "-n", ns], ageColumns: ["AGE"])
    }

    @Test func customResourceColumnsMatchTheServersTable() async throws {
        let plane = try await ControlPlane.shared()
        let admin = try ClusterFixture.adminClient(plane)
        defer { Task { try await admin.shutdown() } }
        let group = "p\(UUID().uuidString.prefix(6).lowercased()).example.com"
        let crd = DynamicObject(
            apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", metadata: ObjectMeta(name: "gadgets.\(group)"),
            content: [
                "spec": [
                    "group": .string(group), "scope": "Namespaced",
                    "names": ["plural": "gadgets", "singular": "gadget", "kind": "Gadget", "listKind": "GadgetList"],
                    "versions": [[
                        "name": "v1", "served": true, "storage": true,
                        "schema": ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]],
                        "additionalPrinterColumns": [
                            ["name": "Size", "type": "integer", "jsonPath": ".spec.size"],
                            ["name": "Color", "type": "string", "jsonPath": ".spec.color"],
                            ["name": "Tags", "type": "string", "jsonPath": ".spec.tags", "priority": 1],
                            ["name": "Ready", "type": "string", "jsonPath": #".status.conditions[?(@.type=="Ready")].status"#],
                            ["name": "Enabled", "type": "boolean", "jsonPath": ".spec.enabled"],
                            ["name": "Ratio", "type": "number", "jsonPath": ".spec.ratio"],
                            ["name": "Since", "type": "date", "jsonPath": ".spec.since"],
                            ["name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"],
                        ],
                    ]],
                ]
            ])
        _ = try await admin.resource(Self.crds).create(crd)
        let ns = try await ClusterFixture.makeNamespace(admin)
        let gadgets = admin.resource(
            ResourceDescriptor(group: group, version: "v1", kind: "Gadget", plural: "gadgets", namespaced: true), namespace: ns)
        let specs: [JSONValue] = [
            ["size": 3, "color": "blue", "tags": ["a", "b"], "enabled": true, "ratio": 2.5, "since": "2026-01-01T00:00:00Z"],
            ["size": "not a number", "ratio": 4],
        ]
        // The CRD is served once it is established; retry the first create until then.
        for (i, spec) in specs.enumerated() {
            var gadget = DynamicObject(apiVersion: "\(group)/v1", kind: "Gadget", metadata: ObjectMeta(name: "g\(i)"), content: ["spec": spec])
            if i == 0 { gadget["status"] = ["conditions": [["type": "Ready", "status": "True"]]] }
            var attempts = 0
            while true {
                do {
                    _ = try await gadgets.create(gadget)
                    break
                } catch let error as KubeAPIError where error.isNotFound && attempts < 50 {
                    attempts += 1
                    try await Task.sleep(for: .milliseconds(100))  // polling the CRD's establishment
                }
            }
        }
        try await compare(
            plane, path: "/apis/\(group)/v1/namespaces/\(ns)/gadgets", arguments: ["gadgets.\(group)", "-n", ns],
            ageColumns: ["AGE", "SINCE"])
    }

    @Test func yamlRoundTripsToTheSameObjects() async throws {
        let plane = try await ControlPlane.shared()
        let admin = try ClusterFixture.adminClient(plane)
        defer { Task { try await admin.shutdown() } }
        let ns = try await ClusterFixture.makeNamespace(admin)
        let pods = admin.resource(ClusterFixture.pods, namespace: ns)
        _ = try await pods.create(ClusterFixture.pod("a", labels: ["n": "1", "yes": "true"]))
        _ = try await pods.create(ClusterFixture.pod("b"))
        let lines = try await Self.get(["pods", "-n", ns, "-o", "yaml", "--kubeconfig", plane.adminTokenKubeconfig])
        let list = try Self.json(try #require(try Yams.load(yaml: lines.joined(separator: "\n"))))
        #expect(list["kind"] == "List")
        let items = try #require(list["items"]?.arrayValue)
        #expect(items.count == 2)
        for item in items {
            let name = try #require(item["metadata"]?["name"]?.stringValue)
            let server = try await pods.get(name)
            let expected = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(server))
            #expect(item == expected)
        }
    }

    @Test func watchShowsEachChangeOnceInOrderAndStopsOnCancel() async throws {
        let plane = try await ControlPlane.shared()
        let admin = try ClusterFixture.adminClient(plane)
        defer { Task { try await admin.shutdown() } }
        let ns = try await ClusterFixture.makeNamespace(admin)
        let pods = admin.resource(ClusterFixture.pods, namespace: ns)
        _ = try await pods.create(ClusterFixture.pod("first"))
        let runner = try Self.runner(["pods", "-n", ns, "-w", "--output-watch-events", "--kubeconfig", plane.adminTokenKubeconfig])
        let output = RecordingOutput()
        let watch = Task {
            try await runner.run(output: output)
            output.finish("finished")
        }
        func line(_ prefix: String, _ name: String) async -> String {
            await output.waitForLine { ($0.hasPrefix(prefix) && $0.contains(" \(name) ")) || $0 == "finished" }
        }
        #expect(await output.waitForLine { $0.hasPrefix("EVENT") || $0 == "finished" }.hasPrefix("EVENT      NAME"))
        #expect(await line("ADDED", "first").contains("Pending"))
        var second = try await pods.create(ClusterFixture.pod("second"))
        #expect(await line("ADDED", "second").hasPrefix("ADDED"))
        second.metadata.labels = ["step": "two"]
        _ = try await pods.update(second)
        #expect(await line("MODIFIED", "second").hasPrefix("MODIFIED"))
        _ = try await pods.delete("second", options: DeleteOptions(gracePeriodSeconds: 0))
        #expect(await line("DELETED", "second").hasPrefix("DELETED"))
        watch.cancel()
        try await watch.value
        let events = output.lines.filter { $0.contains(" second ") }.map { String($0.prefix { $0 != " " }) }
        #expect(events.first == "ADDED" && events.last == "DELETED")
        #expect(events.filter { $0 == "ADDED" }.count == 1 && events.filter { $0 == "DELETED" }.count == 1)
        #expect(events.dropFirst().dropLast().allSatisfy { $0 == "MODIFIED" } && events.count >= 3)
        #expect(output.lines.filter { $0.contains(" first ") }.count == 1)
    }
}
