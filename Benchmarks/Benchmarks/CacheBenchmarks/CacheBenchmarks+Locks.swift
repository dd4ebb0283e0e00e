import Benchmark
import Foundation
import Synchronization

/// Increments per task per iteration in the lock benchmarks.
let incrementsPerTask = 100_000

/// The same NSLock wrapper as KubeCache's internal `Locked` (Sources/KubeCache/Locked.swift),
/// repeated here because that type is internal to KubeCache.
///
/// `@unchecked Sendable` is sound: `value` is private and touched only inside `withLock`, which
/// holds `lock` for the whole access.
final class NSLocked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    @inline(__always)
    func withLock<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}

/// Two concurrent tasks each increment a shared counter under the lock 100k times; ns/op is per
/// increment (200k per iteration). Also one task alone, for the uncontended cost.
func lockBenchmarks() {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
        timeUnits: .nanoseconds,
        maxDuration: .seconds(5),
        maxIterations: 30
    )
    for tasks in [1, 2] {
        Benchmark("Locked (NSLock) increment, \(tasks) task(s)", configuration: configuration) { benchmark in
            let locked = NSLocked(0)
            benchmark.startMeasurement()
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<tasks {
                    group.addTask { for _ in 0..<incrementsPerTask { locked.withLock { $0 += 1 } } }
                }
            }
            benchmark.stopMeasurement()
            blackHole(locked.withLock { $0 })
        }
        Benchmark("Synchronization.Mutex increment, \(tasks) task(s)", configuration: configuration) { benchmark in
            let mutex = Box(Mutex(0))
            benchmark.startMeasurement()
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<tasks {
                    group.addTask { for _ in 0..<incrementsPerTask { mutex.value.withLock { $0 += 1 } } }
                }
            }
            benchmark.stopMeasurement()
            blackHole(mutex.value.withLock { $0 })
        }
    }
}

/// A class holding a noncopyable `Mutex` so tasks can share it.
final class Box: Sendable {
    let value: Mutex<Int>
    init(_ value: consuming Mutex<Int>) { self.value = value }
}
