import Foundation
import KubeSupport
import KubeCache
import KubeClient
import KubeModel

extension GetRunner {
    /// Prints the cache in the chosen format; with `watch`, then shows changes until cancelled.
    func printCache(session: ClusterSession, output: some CLIOutput) async throws {
        if format.isTable {
            try await printRows(session: session, output: output)
        } else {
            try await printObjects(session: session, output: output)
        }
    }

    /// The printer for the session's resource: built-in, a custom resource's columns (read from
    /// its CustomResourceDefinition), or NAME/AGE.
    func printer(for session: ClusterSession, output: some CLIOutput) async -> RowPrinter {
        let resource = session.resource
        if let builtin = RowPrinter.builtin(for: resource) { return builtin }
        guard resource.group.contains(".") else { return .nameAndAge }
        let crds = ResourceDescriptor(
            group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition",
            plural: "customresourcedefinitions", namespaced: false)
        do {
            let crd = try await session.client.resource(crds, as: DynamicObject.self).get("\(resource.plural).\(resource.group)")
            return .customResource(RowPrinter.printerColumns(ofCRD: crd, version: resource.version))
        } catch let error as KubeAPIError where error.isNotFound {
            return .nameAndAge  // an aggregated API, not a custom resource
        } catch {
            output.diagnostic("kinformer: cannot read the printer columns of \(resource) (\(error)); showing NAME and AGE")
            return .nameAndAge
        }
    }

    private func printRows(session: ClusterSession, output: some CLIOutput) async throws {
        let printer = await printer(for: session, output: output)
        let table = ResourceTable(
            printer: printer, wide: format == .wide, showNamespace: session.resource.namespaced && session.namespace == nil,
            noHeaders: noHeaders, sortBy: sortBy)
        try table.validateSort()
        let source = try RowSource.make(printer: printer, session: session, queries: queries)
        guard watch else {
            let rows: [PrintedRow]? = try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try? await source.run() }
                defer { group.cancelAll() }
                guard await source.waitForCacheSync() else { return nil }
                return try source.rows()
            }
            guard let rows else { return }
            guard !rows.isEmpty else {
                output.line(session.namespace.map { "No resources found in \($0) namespace." } ?? "No resources found")
                return
            }
            for line in table.render(rows, now: now()) { output.line(line) }
            return
        }
        let view = LiveView(
            table: LiveTable(table: table, showEvents: outputWatchEvents), output: output, terminalLines: terminalLines,
            now: now)
        let registration = source.addHandler { view.apply($0) }
        let name = session.resource.description
        source.setWatchErrorHandler { error in
            output.diagnostic("kinformer: the watch on \(name) failed (\(error)); the informer recovers by itself")
        }
        let terminal = terminalLines != nil
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await source.run() }
            guard await source.waitForCacheSync(), await registration.waitForSync() else {
                group.cancelAll()
                return
            }
            view.goLive()
            if terminal { group.addTask { await view.redrawLoop() } }
            await group.next()  // the informer runs until cancelled
            group.cancelAll()
        }
    }

    private func printObjects(session: ClusterSession, output: some CLIOutput) async throws {
        let factory = SharedInformerFactory(client: session.client, options: session.factoryOptions)
        let informer = try factory.dynamicInformer(for: session.resource)
        try informer.indexer.addIndexers(IndexQuery.indexFunctions(for: queries))
        let printer = ObjectListPrinter(resource: session.resource)
        let format = self.format
        let live = Locked(false)
        if watch {
            informer.addEventHandler(
                onAdd: { object, _ in
                    if live.withLock({ $0 }) { for line in (try? printer.lines([object], format: format, single: true)) ?? [] { output.line(line) } }
                },
                onUpdate: { _, new in
                    for line in (try? printer.lines([new], format: format, single: true)) ?? [] { output.line(line) }
                },
                onDelete: { deleted in
                    for line in (try? printer.lines([deleted.object], format: format, single: true)) ?? [] { output.line(line) }
                })
        }
        let lines = try await withThrowingTaskGroup(of: Void.self) { group -> [String]? in
            group.addTask { try? await factory.run() }
            guard await informer.waitForCacheSync() else {
                group.cancelAll()
                return nil
            }
            let objects = try IndexQuery.select(queries, from: informer.indexer)
                .sorted { ($0.namespace ?? "", $0.name) < ($1.namespace ?? "", $1.name) }
            let lines = try printer.lines(objects, format: format, single: false)
            guard watch else {
                group.cancelAll()
                return lines
            }
            for line in lines { output.line(line) }
            live.withLock { $0 = true }
            try await group.next()  // the informer runs until cancelled
            return []
        }
        for line in lines ?? [] { output.line(line) }
        await factory.shutdown()
    }
}
