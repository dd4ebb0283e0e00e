import Foundation
import KubeSupport

/// Samples this process's resident memory and the demo's cached objects into a ``SoakMemory``
/// until the workload stops; optionally prints glibc's allocator statistics when the warm-up
/// ends and when the workload stops, to tell live objects from memory the allocator keeps.
final class SoakSampler: Sendable {
    private struct State {
        var memory: SoakMemory
        var printedWarmUpStatistics = false
        var stopped = false
    }

    private let state: Locked<State>
    private let tap = Locked<DemoTap?>(nil)
    private let mallocStatistics: Bool
    private let start = ContinuousClock.now

    init(memory: SoakMemory, mallocStatistics: Bool) {
        state = Locked(State(memory: memory))
        self.mallocStatistics = mallocStatistics
    }

    /// The demo's tap, which reads the cached objects and ends the sampling when the workload
    /// stops (the last sample is taken then, before the demo tears its informers down).
    func makeTap() -> DemoTap {
        let made = DemoTap { [weak self] in self?.workloadStopped() }
        tap.withLock { $0 = made }
        return made
    }

    /// Records a sample now and every `interval` until cancelled or the workload stops.
    func run(every interval: Duration) async {
        while !Task.isCancelled, !state.withLock({ $0.stopped }) {
            sample()
            try? await Task.sleep(for: interval)  // the sampling period, not a synchronisation
        }
    }

    /// The samples taken.
    var memory: SoakMemory { state.withLock { $0.memory } }

    private func workloadStopped() {
        guard !state.withLock({ $0.stopped }) else { return }
        sample()
        state.withLock { $0.stopped = true }
        if mallocStatistics { printMallocStatistics("when the workload stopped") }
    }

    private func sample() {
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let kib = ProcessStats.residentKiB()
        let objects = Dictionary(
            (tap.withLock { $0 }?.cachedObjects() ?? []).map { ($0.resource, $0.count) }, uniquingKeysWith: +)
        let warmUpJustEnded = state.withLock { s in
            guard !s.stopped else { return false }
            s.memory.record(seconds: seconds, residentKiB: kib, objects: objects)
            guard seconds >= s.memory.warmUp, !s.printedWarmUpStatistics else { return false }
            s.printedWarmUpStatistics = true
            return true
        }
        if warmUpJustEnded, mallocStatistics { printMallocStatistics("after the warm-up (\(Int(seconds)) s)") }
    }

    private func printMallocStatistics(_ when: String) {
        FileHandle.standardError.write(Data("soak: glibc malloc_stats \(when), RSS \(ProcessStats.residentKiB()) KiB:\n".utf8))
        ProcessStats.printMallocStatistics()
    }
}
