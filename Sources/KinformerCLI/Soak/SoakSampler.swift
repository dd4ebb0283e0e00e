import Foundation
import KubeSupport

/// Samples this process's resident memory and the demo's cached objects into a ``SoakMemory``
/// until its task is cancelled; optionally prints glibc's allocator statistics when the
/// warm-up ends and at the end, to tell live objects from memory the allocator keeps.
final class SoakSampler: Sendable {
    private struct State {
        var memory: SoakMemory
        var printedWarmUpStatistics = false
    }

    private let state: Locked<State>
    private let tap: DemoTap
    private let mallocStatistics: Bool
    private let start = ContinuousClock.now

    init(memory: SoakMemory, tap: DemoTap, mallocStatistics: Bool) {
        state = Locked(State(memory: memory))
        self.tap = tap
        self.mallocStatistics = mallocStatistics
    }

    /// Records a sample now and every `interval` until cancelled.
    func run(every interval: Duration) async {
        while !Task.isCancelled {
            sample()
            try? await Task.sleep(for: interval)  // the sampling period, not a synchronisation
        }
    }

    /// Takes a last sample and returns the memory record.
    func finish() -> SoakMemory {
        sample()
        if mallocStatistics { printMallocStatistics("at the end") }
        return state.withLock { $0.memory }
    }

    private func sample() {
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let kib = ProcessStats.residentKiB()
        let objects = Dictionary(tap.cachedObjects().map { ($0.resource, $0.count) }, uniquingKeysWith: +)
        let warmUpJustEnded = state.withLock { s in
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
