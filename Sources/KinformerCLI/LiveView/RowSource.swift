import KubeCache
import KubeClient
import KubeModel

/// An informer whose cache is read as printed rows: a dynamic informer whose transform keeps
/// only each object's row (built-in printers, custom resources), or a metadata-only informer
/// (NAME/AGE). Kept current by the informer's events; never re-listed.
struct RowSource: Sendable {
    /// The rows in the cache, narrowed by the index queries.
    var rows: @Sendable () throws -> [PrintedRow]
    /// Adds a handler told of each change as a row event (the initial list as `.added`).
    var addHandler: @Sendable (@escaping @Sendable (RowEvent) async -> Void) -> HandlerRegistration
    /// Runs the informer until cancelled.
    var run: @Sendable () async throws -> Void
    /// True once the first list is in the cache; false if the informer stopped first.
    var waitForCacheSync: @Sendable () async -> Bool
    /// Sets a function told of each list or watch failure.
    var setWatchErrorHandler: @Sendable (@escaping @Sendable (any Error) -> Void) -> Void

    /// The source for `printer` in the session's scope.
    static func make(printer: RowPrinter, session: ClusterSession, queries: [IndexQuery]) throws -> RowSource {
        if printer.metadataOnly {
            let client = session.client.metadata(session.resource, namespace: session.namespace)
            let configuration = SharedIndexInformer<PartialObjectMetadata>.Configuration(resource: session.resource)
            let informer = try SharedIndexInformer(
                listerWatcher: ListWatch(client, tweak: session.tweak), configuration: configuration)
            return try make(informer, queries: queries) { printer.row(DynamicObject(metadata: $0.metadata)) }
        }
        let client = session.client.resource(session.resource, as: DynamicObject.self, namespace: session.namespace)
        var configuration = SharedIndexInformer<DynamicObject>.Configuration(resource: session.resource)
        configuration.transform = printer.transform(indexFields: !queries.isEmpty)
        let informer = try SharedIndexInformer(listerWatcher: ListWatch(client, tweak: session.tweak), configuration: configuration)
        return try make(informer, queries: queries) { PrintedRow(slim: $0) ?? printer.row($0) }
    }

    private static func make<Object: KubernetesObject>(
        _ informer: SharedIndexInformer<Object>, queries: [IndexQuery], row: @escaping @Sendable (Object) -> PrintedRow
    ) throws -> RowSource {
        try informer.indexer.addIndexers(IndexQuery.indexFunctions(for: queries))
        return RowSource(
            rows: { try IndexQuery.select(queries, from: informer.indexer).map(row) },
            addHandler: { handle in
                informer.addEventHandler(
                    onAdd: { object, _ in await handle(.added(row(object))) },
                    onUpdate: { _, new in await handle(.modified(row(new))) },
                    onDelete: { deleted in await handle(.deleted(row(deleted.object))) })
            },
            run: { try await informer.run() },
            waitForCacheSync: { await informer.waitForCacheSync() },
            setWatchErrorHandler: { informer.setWatchErrorHandler($0) })
    }
}
