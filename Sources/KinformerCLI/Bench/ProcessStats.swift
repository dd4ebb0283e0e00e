import Foundation

/// CPU time and resident memory of this process, for `kinformer bench`.
enum ProcessStats {
    /// User + system CPU seconds used by the process so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return user + system
    }

    /// Resident set size in KiB (`VmRSS` of `/proc/self/status`), or -1 where unavailable.
    static func residentKiB() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let digits = line.dropFirst("VmRSS:".count).filter(\.isNumber)
            return Int(digits) ?? -1
        }
        return -1
    }

    /// Prints glibc's per-arena statistics (system bytes vs. bytes in use) to stderr; shows
    /// whether resident memory is live objects or freed memory the allocator keeps.
    static func printMallocStatistics() {
        #if canImport(Glibc)
            glibcMallocStats()
        #endif
    }
}

#if canImport(Glibc)
    /// glibc's `malloc_stats(3)` (not exported by the Glibc module).
    @_silgen_name("malloc_stats") private func glibcMallocStats()
#endif
