import Foundation
import Yams

extension KubeConfig {
    /// Loads and merges kubeconfig files the way client-go does.
    ///
    /// - `paths` given: those files, in order.
    /// - else `KUBECONFIG` set: its `:`-separated files in order; files that do not exist are skipped.
    /// - else `~/.kube/config`.
    ///
    /// Merging is first-wins: the first file that defines a cluster, user or context name (or
    /// `current-context`) keeps it. Relative file paths in each file are resolved against that
    /// file's folder.
    /// - Throws: ``KubeConfigError`` when no file is found, a file cannot be read, or one is malformed.
    public static func load(paths: [String]? = nil, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(KubeConfigError) -> KubeConfig
    {
        let candidates: [String]
        let mustExist: Bool
        if let paths {
            candidates = paths
            mustExist = true
        } else if let list = environment["KUBECONFIG"], !list.isEmpty {
            candidates = list.split(separator: ":").map(String.init).filter { !$0.isEmpty }
            mustExist = false
        } else {
            let home = environment["HOME"] ?? NSHomeDirectory()
            candidates = [home + "/.kube/config"]
            mustExist = false
        }
        var merged = KubeConfig()
        for path in candidates {
            guard FileManager.default.fileExists(atPath: path) else {
                if mustExist {
                    throw KubeConfigError(.unreadableFile, file: path, message: "the kubeconfig file does not exist")
                }
                continue
            }
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw KubeConfigError(
                    .unreadableFile, file: path, message: "cannot read the kubeconfig file: \(error.localizedDescription)")
            }
            let config = try parse(yaml: text, file: path)
            merged.merge(config)
        }
        guard !merged.sources.isEmpty else {
            let env = environment["KUBECONFIG"].map { " (KUBECONFIG=\($0))" } ?? ""
            throw KubeConfigError(
                .noConfiguration,
                message: "no kubeconfig found; looked at \(candidates.joined(separator: ", "))\(env). "
                    + "Set KUBECONFIG or create ~/.kube/config, or run inside a pod for in-cluster configuration")
        }
        return merged
    }

    /// Parses one kubeconfig document. Relative paths are resolved against the folder of `file`
    /// (or left as they are when `file` is `nil`).
    /// - Throws: ``KubeConfigError/Code/malformed`` naming the file and field.
    public static func parse(yaml: String, file: String? = nil) throws(KubeConfigError) -> KubeConfig {
        var config = KubeConfig()
        if let file { config.sources = [file] }
        guard yaml.contains(where: { !$0.isWhitespace }) else { return config }
        let raw: RawKubeConfig
        do {
            raw = try YAMLDecoder().decode(RawKubeConfig.self, from: yaml)
        } catch let error as DecodingError {
            let (field, message) = describe(error)
            throw KubeConfigError(.malformed, file: file, field: field, message: message)
        } catch {
            throw KubeConfigError(.malformed, file: file, message: "not valid YAML: \(error)")
        }
        let base = file.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
        func resolve(_ p: String?) -> String? {
            guard let p, !p.isEmpty, let base, !p.hasPrefix("/") else { return p }
            if p.hasPrefix("~/") { return NSHomeDirectory() + p.dropFirst(1) }
            return base + "/" + p
        }
        for named in raw.clusters ?? [] where config.clusters[named.name] == nil {
            var cluster = named.cluster
            cluster.certificateAuthority = resolve(cluster.certificateAuthority)
            config.clusters[named.name] = cluster
        }
        for named in raw.users ?? [] where config.users[named.name] == nil {
            var user = named.user
            user.tokenFile = resolve(user.tokenFile)
            user.clientCertificate = resolve(user.clientCertificate)
            user.clientKey = resolve(user.clientKey)
            if var exec = user.exec, exec.command.contains("/") {
                exec.command = resolve(exec.command) ?? exec.command
                user.exec = exec
            }
            config.users[named.name] = user
        }
        for named in raw.contexts ?? [] where config.contexts[named.name] == nil {
            config.contexts[named.name] = named.context
        }
        if let current = raw.currentContext, !current.isEmpty { config.currentContext = current }
        return config
    }

    /// Merges `other` into this configuration; entries already present win.
    public mutating func merge(_ other: KubeConfig) {
        clusters.merge(other.clusters) { mine, _ in mine }
        users.merge(other.users) { mine, _ in mine }
        contexts.merge(other.contexts) { mine, _ in mine }
        if currentContext == nil { currentContext = other.currentContext }
        sources += other.sources
    }

    private static func describe(_ error: DecodingError) -> (field: String?, message: String) {
        switch error {
        case .typeMismatch(let type, let ctx):
            return (field(ctx.codingPath), "expected \(type): \(ctx.debugDescription)")
        case .valueNotFound(let type, let ctx):
            return (field(ctx.codingPath), "expected \(type) but found nothing")
        case .keyNotFound(let key, let ctx):
            return (field(ctx.codingPath + [key]), "required field is missing")
        case .dataCorrupted(let ctx):
            let underlying = ctx.underlyingError.map { ": \($0)" } ?? ""
            return (ctx.codingPath.isEmpty ? nil : field(ctx.codingPath), "\(ctx.debugDescription)\(underlying)")
        @unknown default:
            return (nil, "\(error)")
        }
    }

    private static func field(_ path: [any CodingKey]) -> String {
        var out = ""
        for key in path {
            if let i = key.intValue {
                out += "[\(i)]"
            } else if key.stringValue.hasPrefix("Index "), let i = Int(key.stringValue.dropFirst(6)) {
                out += "[\(i)]"
            } else {
                if !out.isEmpty { out += "." }
                out += key.stringValue
            }
        }
        return out
    }
}

/// The on-disk layout: named lists rather than maps.
private struct RawKubeConfig: Decodable {
    var clusters: [NamedCluster]?
    var users: [NamedUser]?
    var contexts: [NamedContext]?
    var currentContext: String?

    enum CodingKeys: String, CodingKey {
        case clusters, users, contexts
        case currentContext = "current-context"
    }

    struct NamedCluster: Decodable {
        var name: String
        var cluster: KubeConfig.Cluster
    }
    struct NamedUser: Decodable {
        var name: String
        var user: KubeConfig.User
    }
    struct NamedContext: Decodable {
        var name: String
        var context: KubeConfig.Context
    }
}
