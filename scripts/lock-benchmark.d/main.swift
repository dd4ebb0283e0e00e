import Foundation
import Synchronization

/// NSLock is a pthread mutex, as KubeSupport.Locked uses directly.
final class NSLocked: @unchecked Sendable {
    let lock = NSLock(); var value = 0
    @inline(__always) func inc() { lock.lock(); value &+= 1; lock.unlock() }
}
final class MutexBox: Sendable {
    let m = Mutex(0)
    @inline(__always) func inc() { m.withLock { $0 &+= 1 } }
}
func run(_ threads: Int, _ iters: Int, _ body: @escaping @Sendable () -> Void) -> Double {
    let group = DispatchGroup()
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<threads {
        group.enter()
        Thread { for _ in 0..<iters { body() }; group.leave() }.start()
    }
    group.wait()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / Double(threads * iters)
}
let iters = 2_000_000
for round in 0..<5 {
    for threads in [1, 2, 4] {
        let a = NSLocked(); let b = MutexBox()
        let ns = run(threads, iters) { a.inc() }
        let mx = run(threads, iters) { b.inc() }
        print("round \(round) threads \(threads): NSLock \(String(format: "%.1f", ns)) ns/op  Mutex \(String(format: "%.1f", mx)) ns/op")
    }
}
