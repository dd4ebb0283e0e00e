import KubeCache
import KubeModel

/// One `--index NAME=VALUE` of `kinformer get`: objects whose index NAME has VALUE, answered by
/// the informer cache's indexer rather than by scanning.
///
/// Index names:
/// - `namespace=NS`: the built-in namespace index.
/// - `label:KEY=VALUE`: an index of the label KEY (added to the cache for this query).
/// - `owner=UID`: an index of owner reference UIDs.
///
/// Several `--index` options intersect (all must hold).
struct IndexQuery: Sendable, Hashable {
    /// The index name in the cache (`namespace`, `label:app`, `owner`).
    var indexName: String
    /// The value looked up.
    var value: String
    /// For `label:` queries, the label key.
    var labelKey: String?

    static let ownerIndexName = "owner"

    /// Parses `NAME=VALUE`.
    /// - Throws: ``CLIError/Code/invalidArgument`` naming the supported forms.
    init(parsing text: String) throws(CLIError) {
        guard let eq = text.firstIndex(of: "=") else { throw Self.invalid(text) }
        let name = String(text[..<eq])
        value = String(text[text.index(after: eq)...])
        if name == IndexFunctionLibrary.namespaceIndexName || name == Self.ownerIndexName {
            indexName = name
            labelKey = nil
        } else if name.hasPrefix("label:"), name.count > "label:".count {
            indexName = name
            labelKey = String(name.dropFirst("label:".count))
        } else {
            throw Self.invalid(text)
        }
    }

    private static func invalid(_ text: String) -> CLIError {
        CLIError(
            .invalidArgument,
            "--index \"\(text)\" is not understood. Use namespace=NAMESPACE, label:KEY=VALUE or owner=UID.")
    }

    /// The index functions the queries need beyond the built-in namespace index.
    static func indexFunctions<Object: KubernetesObject>(for queries: [IndexQuery]) -> IndexFunctions<Object> {
        var functions: IndexFunctions<Object> = [:]
        for query in queries {
            if let key = query.labelKey {
                functions[query.indexName] = IndexFunctionLibrary.label(key)
            } else if query.indexName == ownerIndexName {
                functions[ownerIndexName] = { IndexFunctionLibrary.ownerUIDs($0) }
            }
        }
        return functions
    }

    /// The objects matching every query (all objects when there are none), by cache key.
    static func select<Object: KubernetesObject>(_ queries: [IndexQuery], from indexer: Indexer<Object>) throws
        -> [Object]
    {
        guard let first = queries.first else { return indexer.list() }
        var keys = Set(try indexer.indexKeys(first.indexName, first.value))
        for query in queries.dropFirst() {
            keys.formIntersection(try indexer.indexKeys(query.indexName, query.value))
        }
        return keys.compactMap { indexer.get($0) }
    }
}
