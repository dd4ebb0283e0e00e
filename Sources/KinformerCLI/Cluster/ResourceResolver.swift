import Foundation
import KubeClient
import KubeModel

/// Turns a resource name as kubectl accepts it (`pods`, `pod`, `po`, `Pod`, `deployments.apps`,
/// `widgets.example.com`, and with a version, `deployments.v1.apps`, `pods.v1`) into a resource
/// found by discovery; suggests close matches otherwise.
struct ResourceResolver: Sendable {
    /// What discovery found (custom resources included).
    var catalog: ResourceCatalog

    /// The resource named `name`.
    /// - Throws: ``CLIError/Code/unknownResource`` with up to three close matches.
    func resolve(_ name: String) throws(CLIError) -> ResourceDescriptor {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if let found = catalog.lookup(trimmed) ?? lookupVersioned(trimmed) { return found }
        let close = suggestions(for: trimmed)
        let hint =
            close.isEmpty
            ? "List the resources the server has with `kubectl api-resources`."
            : "Did you mean \(close.joined(separator: ", "))?"
        throw CLIError(.unknownResource, "the server has no resource type \"\(name)\". \(hint)")
    }

    /// `RESOURCE.VERSION` (core) or `RESOURCE.VERSION.GROUP`, as kubectl accepts them.
    func lookupVersioned(_ name: String) -> ResourceDescriptor? {
        let parts = name.lowercased().split(separator: ".", maxSplits: 2).map(String.init)
        guard parts.count >= 2 else { return nil }
        let (base, version, group) = (parts[0], parts[1], parts.count == 3 ? parts[2] : "")
        return catalog.resources.first { r in
            r.version == version && r.group == group
                && (r.plural == base || r.singular == base || r.kind.lowercased() == base || r.shortNames.contains(base))
        }
    }

    /// Resource names (plural, group-qualified when not core) close to `name`: a small edit
    /// distance to any of their names, or sharing a prefix of at least three letters. Best first.
    func suggestions(for name: String, limit: Int = 3) -> [String] {
        let wanted = name.lowercased()
        let base = wanted.split(separator: ".", maxSplits: 1).first.map(String.init) ?? wanted
        var scored: [(score: Int, name: String)] = []
        for r in catalog.resources {
            let names = [r.plural, r.singular, r.kind.lowercased()] + r.shortNames
            var best = Int.max
            for candidate in names {
                let distance = min(Self.editDistance(wanted, candidate), Self.editDistance(base, candidate))
                best = min(best, distance)
                if base.count >= 3, candidate.hasPrefix(base) || base.hasPrefix(candidate) && candidate.count >= 3 {
                    best = min(best, 1)
                }
            }
            let threshold = max(1, min(3, base.count / 3))
            if best <= threshold { scored.append((best, r.description)) }
        }
        var seen = Set<String>()
        return scored.sorted { ($0.score, $0.name) < ($1.score, $1.name) }
            .map(\.name).filter { seen.insert($0).inserted }.prefix(limit).map { $0 }
    }

    /// Levenshtein distance (insertions, deletions, substitutions).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
