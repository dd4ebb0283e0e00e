/// The soak's closing lines: work done and the memory verdict.
enum SoakReport {
    static func lines(result: DemoResult, verdict: SoakMemory.Verdict?, objects: Int) -> [String] {
        let informers = result.final.informers
        let events = informers.reduce(0) { $0 + $1.reflector.events }
        let relists = informers.reduce(0) { $0 + $1.reflector.relists }
        let lists = informers.reduce(0) { $0 + $1.reflector.lists }
        let handled = informers.reduce(0) { $0 + $1.handler.adds + $1.handler.updates + $1.handler.deletes }
        let cached = informers.map { "\($0.name) \($0.cached)" }.joined(separator: ", ")
        var lines = ["", "=== kinformer soak ==="]
        lines.append("watch events \(events), handler notifications \(handled), lists \(lists), relists after 410 \(relists)")
        lines.append("objects cached at the end: \(cached) (workload scale \(objects))")
        guard let v = verdict else {
            lines.append("MEMORY: no samples after the warm-up (run longer or shorten --warm-up)")
            return lines
        }
        lines.append(
            "RSS KiB: baseline \(v.baselineKiB) (median after warm-up), final \(v.finalKiB) (median of the last window), "
                + "last \(v.lastKiB), peak \(v.peakKiB), peak after warm-up \(v.peakAfterWarmUpKiB)")
        let percent = (v.growth * 1000).rounded() / 10
        lines.append(
            "MEMORY \(v.holds ? "OK" : "FAIL"): growth \(percent) % (allowed \((v.allowedGrowth * 1000).rounded() / 10) %)")
        return lines
    }
}
