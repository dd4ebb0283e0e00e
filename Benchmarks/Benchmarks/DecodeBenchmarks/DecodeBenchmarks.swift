import Benchmark
import Foundation
import KubeModel

// Decode throughput: Foundation's JSONDecoder against FastJSONDecoder on synthesized lists of
// 10k pods (from the recorded podlist page, ~2.3 KB each, and the running pod, ~11 KB each),
// and per-event watch decoding (the `{"type","object"}` frame decoded as one value, as the
// watch stream does). Report MB/s = bytes / wall clock.

/// The recorded fixtures, found relative to this file (Tests/KubeModelTests/FastJSONFixtures).
enum DecodeInputs {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tests/KubeModelTests/FastJSONFixtures")

    static func fixture(_ name: String) -> Data {
        (try? Data(contentsOf: fixtures.appendingPathComponent(name))) ?? Data("{}".utf8)
    }

    /// Compact JSON of each pod: the two page items alternately, or the running pod; with
    /// `stripManagedFields`, without `metadata.managedFields` (as informers often configure it).
    static func pods(from name: String, count: Int, stripManagedFields: Bool = false) -> [[UInt8]] {
        let object = (try? JSONSerialization.jsonObject(with: fixture(name))) as? [String: Any] ?? [:]
        let sources = (object["items"] as? [[String: Any]]) ?? [object]
        return (0..<count).map { i in
            var pod = sources[i % sources.count]
            var metadata = pod["metadata"] as? [String: Any] ?? [:]
            metadata["name"] = "pod-\(i)"
            if stripManagedFields { metadata["managedFields"] = nil }
            pod["metadata"] = metadata
            return [UInt8]((try? JSONSerialization.data(withJSONObject: pod)) ?? Data())
        }
    }

    /// `{"kind":"PodList",...,"items":[...]}` around the pods.
    static func list(_ pods: [[UInt8]]) -> [UInt8] {
        var out = Array(#"{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":["#.utf8)
        for (i, pod) in pods.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out += pod
        }
        out += Array("]}".utf8)
        return out
    }

    /// One `{"type":"ADDED","object":...}` line per pod.
    static func events(_ pods: [[UInt8]]) -> [[UInt8]] {
        pods.map { Array(#"{"type":"ADDED","object":"#.utf8) + $0 + [UInt8(ascii: "}")] }
    }

    static let smallPods = pods(from: "podlist-page.json", count: 10_000)
    static let runningPods = pods(from: "pod-running.json", count: 10_000)
    static let smallList = list(smallPods)
    static let runningList = list(runningPods)
    static let smallListStripped = list(pods(from: "podlist-page.json", count: 10_000, stripManagedFields: true))
    static let runningListStripped = list(pods(from: "pod-running.json", count: 10_000, stripManagedFields: true))
    static let smallEvents = events(smallPods)
}

struct BenchEvent<Object: Decodable>: Decodable {
    var type: String
    var object: Object
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        maxDuration: .seconds(10), maxIterations: 10)

    for (label, list) in [("2.3KB pods", DecodeInputs.smallList), ("11KB pods", DecodeInputs.runningList)] {
        let data = Data(list)
        let megabytes = Double(list.count) / 1e6
        Benchmark("typed list \(label) Foundation (\(megabytes) MB)") { _ in
            blackHole(try JSONDecoder().decode(ObjectList<CoreV1.Pod>.self, from: data))
        }
        Benchmark("typed list \(label) FastJSON (\(megabytes) MB)") { _ in
            blackHole(try FastJSONDecoder().decode(ObjectList<CoreV1.Pod>.self, from: list))
        }
        Benchmark("DynamicObject list \(label) Foundation (\(megabytes) MB)") { _ in
            blackHole(try JSONDecoder().decode(ObjectList<DynamicObject>.self, from: data))
        }
        Benchmark("DynamicObject list \(label) FastJSON (\(megabytes) MB)") { _ in
            blackHole(try FastJSONDecoder().decode(ObjectList<DynamicObject>.self, from: list))
        }
        Benchmark("PartialObjectMetadata list \(label) Foundation (\(megabytes) MB)") { _ in
            blackHole(try JSONDecoder().decode(ObjectList<PartialObjectMetadata>.self, from: data))
        }
        Benchmark("PartialObjectMetadata list \(label) FastJSON (\(megabytes) MB)") { _ in
            blackHole(try FastJSONDecoder().decode(ObjectList<PartialObjectMetadata>.self, from: list))
        }
    }

    // The same pods without managedFields: typed decode cost without the free-form fieldsV1 trees.
    for (label, list) in [
        ("2.3KB pods no managedFields", DecodeInputs.smallListStripped),
        ("11KB pods no managedFields", DecodeInputs.runningListStripped),
    ] {
        let data = Data(list)
        let megabytes = Double(list.count) / 1e6
        Benchmark("typed list \(label) Foundation (\(megabytes) MB)") { _ in
            blackHole(try JSONDecoder().decode(ObjectList<CoreV1.Pod>.self, from: data))
        }
        Benchmark("typed list \(label) FastJSON (\(megabytes) MB)") { _ in
            blackHole(try FastJSONDecoder().decode(ObjectList<CoreV1.Pod>.self, from: list))
        }
    }

    let events = DecodeInputs.smallEvents
    Benchmark("watch events 2.3KB pods: Foundation typed") { _ in
        let decoder = JSONDecoder()
        for event in events { blackHole(try decoder.decode(BenchEvent<CoreV1.Pod>.self, from: Data(event))) }
    }
    Benchmark("watch events 2.3KB pods: FastJSON typed") { _ in
        let decoder = FastJSONDecoder()
        for event in events { blackHole(try decoder.decode(BenchEvent<CoreV1.Pod>.self, from: event)) }
    }
    Benchmark("watch events 2.3KB pods: FastJSON PartialObjectMetadata") { _ in
        let decoder = FastJSONDecoder()
        for event in events { blackHole(try decoder.decode(BenchEvent<PartialObjectMetadata>.self, from: event)) }
    }
}
