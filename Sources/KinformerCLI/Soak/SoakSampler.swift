import KubeSupport

/// Samples this process's resident memory into a ``SoakMemory`` until its task is cancelled.
final class SoakSampler: Sendable {
    private let memory: Locked<SoakMemory>
    private let start = ContinuousClock.now

    init(memory: SoakMemory) { self.memory = Locked(memory) }

    /// Records a sample now and every `interval` until cancelled.
    func run(every interval: Duration) async {
        while !Task.isCancelled {
            sample()
            try? await Task.sleep(for: interval)  // the sampling period, not a synchronisation
        }
    }

    /// Takes a last sample and returns the verdict.
    func finish() -> SoakMemory.Verdict? {
        sample()
        return memory.withLock { $0.verdict }
    }

    private func sample() {
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let kib = ProcessStats.residentKiB()
        memory.withLock { $0.record(seconds: seconds, residentKiB: kib) }
    }
}
