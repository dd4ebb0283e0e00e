/// The soak's closing lines: work done, the object count over time and the memory verdict.
enum SoakReport {
    static func lines(result: DemoResult, memory: SoakMemory, objects: Int) -> [String] {
        let informers = result.final.informers
        let events = informers.reduce(0) { $0 + $1.reflector.events }
        let relists = informers.reduce(0) { $0 + $1.reflector.relists }
        let lists = informers.reduce(0) { $0 + $1.reflector.lists }
        let handled = informers.reduce(0) { $0 + $1.handler.adds + $1.handler.updates + $1.handler.deletes }
        let cached = informers.map { "\($0.name) \($0.cached)" }.joined(separator: ", ")
        var lines = ["", "=== kinformer soak ==="]
        lines.append("watch events \(events), handler notifications \(handled), lists \(lists), relists after 410 \(relists)")
        lines.append("objects cached at the end: \(cached) (workload scale \(objects))")
        lines.append(
            "settled (every cache equal to the server) \(result.convergence.converged ? "after" : "NOT within")"
                + " \(DemoFormat.seconds(result.convergedAfter)) once the workload stopped")
        lines.append("over time (s, RSS MB, objects cached):")
        for s in memory.timeline(points: 13) {
            let perResource = s.objects.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append(
                "  \(pad(Int(s.seconds.rounded()), 5))  \(pad(megabytes(s.residentKiB), 6))  \(s.totalObjects)"
                    + (perResource.isEmpty ? "" : " (\(perResource))"))
        }
        guard let v = memory.verdict else {
            lines.append("MEMORY: no samples after the warm-up (run longer or shorten --warm-up)")
            return lines
        }
        let spread = v.objectsAfterWarmUp
        lines.append("objects cached after the warm-up: \(spread.lowerBound)–\(spread.upperBound)")
        lines.append(
            "RSS MB: after the warm-up \(megabytes(v.baselineKiB)) (median of the first window), at the end "
                + "\(megabytes(v.finalKiB)) (median of the last window), last \(megabytes(v.lastKiB)), "
                + "peak \(megabytes(v.peakKiB)), peak after the warm-up \(megabytes(v.peakAfterWarmUpKiB))")
        let percent = (v.growth * 1000).rounded() / 10
        lines.append(
            "MEMORY \(v.holds ? "OK" : "FAIL"): growth \(percent) % (allowed \((v.allowedGrowth * 1000).rounded() / 10) %)")
        return lines
    }

    /// KiB as MB with one decimal.
    private static func megabytes(_ kib: Int) -> String {
        let tenths = (Double(kib) * 1024 / 100_000).rounded()
        return "\(Int(tenths) / 10).\(Int(tenths) % 10)"
    }

    private static func pad(_ value: some CustomStringConvertible, _ width: Int) -> String {
        let text = value.description
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
