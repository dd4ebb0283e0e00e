import Benchmark
import Foundation
import KubeCache
import KubeModel
import Synchronization

/// Objects per benchmark iteration; ns/op = wall clock per iteration / objects.
let objectsPerIteration = 10_000

/// Pods spread over 20 namespaces, 50 `app` labels and 100 nodes, with two owner references each
/// — enough structure that every index has several values with many keys.
func makePods(count: Int, generation: Int) -> [CoreV1.Pod] {
    (0..<count).map { i in
        var spec = CoreV1.PodSpec(containers: [])
        spec.nodeName = "node-\(i % 100)"
        return CoreV1.Pod(
            metadata: ObjectMeta(
                name: "bench-\(i)", namespace: "ns-\(i % 20)", uid: "uid-\(i)", resourceVersion: "\(generation)",
                labels: ["app": "app-\((i + generation) % 50)", "tier": "bench", "gen": "\(generation)"]),
            spec: spec)
    }
}

/// The indexers of the Indexer benchmark: with the built-in namespace index, three in all
/// (namespace, the `app` label, and the node).
let threeIndexers: IndexFunctions<CoreV1.Pod> = [
    "app": IndexFunctionLibrary.label("app"),
    "node": { pod in pod.spec?.nodeName.map { [$0] } ?? [] },
]

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
        timeUnits: .nanoseconds,
        maxDuration: .seconds(5),
        maxIterations: 30
    )
    let pods = makePods(count: objectsPerIteration, generation: 0)
    let updated = makePods(count: objectsPerIteration, generation: 1)

    // Indexer.add of 10k new pods, then Indexer.update of all 10k (the `app` index value moves).
    Benchmark("Indexer add 10k, 3 indexers", configuration: configuration) { benchmark in
        let indexer = try Indexer<CoreV1.Pod>(indexers: threeIndexers)
        benchmark.startMeasurement()
        for pod in pods { blackHole(indexer.add(pod)) }
        benchmark.stopMeasurement()
    }
    Benchmark("Indexer update 10k, 3 indexers", configuration: configuration) { benchmark in
        let indexer = try Indexer<CoreV1.Pod>(indexers: threeIndexers)
        for pod in pods { _ = indexer.add(pod) }
        benchmark.startMeasurement()
        for pod in updated { blackHole(indexer.update(pod)) }
        benchmark.stopMeasurement()
    }

    // 10k adds then 10k pops (each pop processes one item), as the informer's run loop does.
    Benchmark("InOrderFIFO add+pop 10k", configuration: configuration) { benchmark in
        let fifo = InOrderFIFO<CoreV1.Pod>()
        benchmark.startMeasurement()
        for pod in pods { fifo.add(pod) }
        for _ in 0..<objectsPerIteration { try await fifo.pop { blackHole($0) } }
        benchmark.stopMeasurement()
    }
    Benchmark("DeltaFIFO add+pop 10k", configuration: configuration) { benchmark in
        let fifo = DeltaFIFO<CoreV1.Pod>()
        benchmark.startMeasurement()
        for pod in pods { fifo.add(pod) }
        for _ in 0..<objectsPerIteration { try await fifo.pop { key, deltas in blackHole((key, deltas)) } }
        benchmark.stopMeasurement()
    }

    lockBenchmarks()
}
