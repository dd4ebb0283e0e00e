/// The soak's memory ceiling: resident memory sampled over a run, judged after a warm-up.
///
/// Pure logic (the command feeds it samples). Steady-state growth compares the median of the
/// samples in the first window after the warm-up with the median of the last window, so one
/// relist's transient peak neither fails the run nor hides a leak; the peak is reported apart.
struct SoakMemory: Sendable, Equatable {
    /// One reading: seconds since the start, resident memory in KiB and the objects cached then.
    struct Sample: Sendable, Equatable {
        var seconds: Double
        var residentKiB: Int
        /// Objects in each informer's cache, by resource (empty before the informers exist).
        var objects: [String: Int] = [:]
        var totalObjects: Int { objects.values.reduce(0, +) }
    }

    /// Seconds at the start whose samples are not judged (caches filling, allocator growing).
    var warmUp: Double
    /// Width, in seconds, of the baseline window (after the warm-up) and the final window.
    var window: Double
    /// Allowed growth of the final median over the baseline median (0.10 = 10 %).
    var allowedGrowth: Double
    private(set) var samples: [Sample] = []

    init(warmUp: Double, window: Double, allowedGrowth: Double = 0.10) {
        self.warmUp = warmUp
        self.window = window
        self.allowedGrowth = allowedGrowth
    }

    /// Records one reading (negative readings, where RSS is unavailable, are ignored).
    mutating func record(seconds: Double, residentKiB: Int, objects: [String: Int] = [:]) {
        guard residentKiB > 0 else { return }
        samples.append(Sample(seconds: seconds, residentKiB: residentKiB, objects: objects))
    }

    /// About `points` samples evenly spread over the run, the first and the last included.
    func timeline(points: Int) -> [Sample] {
        guard samples.count > points, points > 1 else { return samples }
        let step = Double(samples.count - 1) / Double(points - 1)
        return (0..<points).map { samples[Int((Double($0) * step).rounded())] }
    }

    /// The verdict, or `nil` while there are no samples after the warm-up.
    var verdict: Verdict? {
        let judged = samples.filter { $0.seconds >= warmUp }
        guard let first = judged.first, let last = judged.last else { return nil }
        let baseline = Self.median(judged.filter { $0.seconds <= first.seconds + window })
        let final = Self.median(judged.filter { $0.seconds >= last.seconds - window })
        let counts = judged.map(\.totalObjects)
        return Verdict(
            baselineKiB: baseline, finalKiB: final,
            objectsAfterWarmUp: counts.min()! ... counts.max()!,
            peakKiB: samples.map(\.residentKiB).max() ?? 0,
            peakAfterWarmUpKiB: judged.map(\.residentKiB).max() ?? 0,
            lastKiB: last.residentKiB, allowedGrowth: allowedGrowth)
    }

    /// What the samples say.
    struct Verdict: Sendable, Equatable {
        var baselineKiB: Int
        var finalKiB: Int
        /// Fewest and most objects cached (all informers together) after the warm-up: the
        /// growth bound means something only while this range is narrow.
        var objectsAfterWarmUp: ClosedRange<Int>
        /// Highest reading of the whole run (warm-up included).
        var peakKiB: Int
        var peakAfterWarmUpKiB: Int
        /// The very last reading.
        var lastKiB: Int
        var allowedGrowth: Double

        /// Growth of the final median over the baseline median (0.05 = 5 %).
        var growth: Double { Double(finalKiB - baselineKiB) / Double(max(baselineKiB, 1)) }
        var holds: Bool { growth <= allowedGrowth }
    }

    private static func median(_ samples: [Sample]) -> Int {
        let sorted = samples.map(\.residentKiB).sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}
