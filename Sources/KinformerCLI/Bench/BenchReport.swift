import Foundation

/// One `kinformer bench` result, printed as a single JSON line with the client-go peer's field
/// names (see `/work/shared/BENCHMARKS.md`). Churn fields are absent in sync mode.
struct BenchReport: Sendable, Equatable {
    /// The version reported in `client`.
    static let version = "0.1.0"

    var client = "kinformer \(BenchReport.version)"
    /// Objects in the cache when synced.
    var objects = 0
    /// Wall seconds from starting the informer to synced.
    var syncSeconds = 0.0
    /// CPU seconds (user + system) of the process over the same span.
    var syncCPUSeconds = 0.0
    /// Resident memory after sync minus before starting the informer, KiB.
    var rssKiBDelta = 0
    /// Churn results, when churn ran.
    var churn: Churn?

    /// What `bench churn` adds.
    struct Churn: Sendable, Equatable {
        /// Pods patched.
        var updates = 0
        /// Seconds to write them (16 concurrent writers).
        var writesSeconds = 0.0
        /// Seconds from the first write until the handler saw every update (or gave up).
        var allSeenSeconds = 0.0
        /// Updates the handler saw (gen becomes "1").
        var seen = 0
        /// CPU seconds from the first write until all seen.
        var cpuSeconds = 0.0
        /// Patches that failed (not in the peer's output; printed only when non-zero).
        var failedWrites = 0
    }

    /// The JSON line, keys in a fixed order.
    var jsonLine: String {
        var fields: [(String, String)] = [
            ("client", Self.quoted(client)), ("objects", String(objects)),
            ("sync_s", Self.number(syncSeconds)), ("sync_cpu_s", Self.number(syncCPUSeconds)),
            ("rss_kib_delta", String(rssKiBDelta)),
        ]
        if let churn {
            fields += [
                ("churn_updates", String(churn.updates)), ("churn_writes_s", Self.number(churn.writesSeconds)),
                ("churn_all_seen_s", Self.number(churn.allSeenSeconds)), ("churn_seen", String(churn.seen)),
                ("churn_cpu_s", Self.number(churn.cpuSeconds)),
            ]
            if churn.failedWrites > 0 { fields.append(("churn_failed_writes", String(churn.failedWrites))) }
        }
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    private static func number(_ value: Double) -> String {
        value.isFinite ? String(format: "%.6f", value) : "null"
    }

    private static func quoted(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
