import Benchmark
import KubeWorkQueue

/// Items pushed through the queue per benchmark iteration; ops/s = items / wall clock time.
let itemsPerIteration = 100_000

/// Distinct keys. Equal to the item count, so every add is a new item; lower it to measure adds
/// that collapse or arrive during processing (a controller enqueueing the same objects again).
let distinctKeys = 100_000

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        scalingFactor: .one,
        maxDuration: .seconds(5),
        maxIterations: 50
    )

    // One task adds everything, then gets and marks done everything (no suspension: the fast path).
    Benchmark("WorkQueue add+get+done, 1 worker, sequential (100k items)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            let queue = WorkQueue<Int>()
            benchmark.startMeasurement()
            for i in 0..<itemsPerIteration { queue.add(i % distinctKeys) }
            while queue.len > 0, let item = await queue.get() { queue.done(item) }
            benchmark.stopMeasurement()
        }
    }

    for workers in [1, 8] {
        // A producer adds while `workers` tasks get and mark done concurrently.
        Benchmark(
            "WorkQueue add+get+done, \(workers) worker(s), concurrent producer (100k items)",
            configuration: configuration
        ) { benchmark in
            for _ in benchmark.scaledIterations {
                let queue = WorkQueue<Int>()
                benchmark.startMeasurement()
                await withTaskGroup(of: Int.self) { group in
                    for _ in 0..<workers {
                        group.addTask {
                            var processed = 0
                            while let item = await queue.get() {
                                processed += 1
                                queue.done(item)
                            }
                            return processed
                        }
                    }
                    for i in 0..<itemsPerIteration { queue.add(i % distinctKeys) }
                    queue.shutDown()
                    var total = 0
                    for await processed in group { total += processed }
                    blackHole(total)
                }
                benchmark.stopMeasurement()
            }
        }
    }
}
