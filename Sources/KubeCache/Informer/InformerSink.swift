import KubeModel

/// Where an informer's reflector writes: applies the informer's transform, then queues into
/// the informer's FIFO.
struct InformerSink<Object: KubernetesObject>: ReflectorStore {
    enum Queue: Sendable {
        case inOrder(InOrderFIFO<Object>)
        case delta(DeltaFIFO<Object>)

        /// Items waiting to be applied to the cache.
        var count: Int {
            switch self {
            case .inOrder(let q): q.count
            case .delta(let q): q.count
            }
        }
    }

    let queue: Queue
    let transform: (@Sendable (Object) -> Object)?
    /// Told after each replace (DeltaFIFO reaches "synced" at once for an empty list).
    let afterReplace: @Sendable () -> Void

    private func prepared(_ object: Object) -> Object { transform.map { $0(object) } ?? object }

    func add(_ object: Object) {
        switch queue {
        case .inOrder(let q): q.add(prepared(object))
        case .delta(let q): q.add(prepared(object))
        }
    }

    func update(_ object: Object) {
        switch queue {
        case .inOrder(let q): q.update(prepared(object))
        case .delta(let q): q.update(prepared(object))
        }
    }

    func delete(_ object: Object) {
        switch queue {
        case .inOrder(let q): q.delete(prepared(object))
        case .delta(let q): q.delete(prepared(object))
        }
    }

    func replace(_ objects: [Object], resourceVersion: String) {
        let objects = transform.map { objects.map($0) } ?? objects
        switch queue {
        case .inOrder(let q): q.replace(objects, resourceVersion: resourceVersion)
        case .delta(let q): q.replace(objects, resourceVersion: resourceVersion)
        }
        afterReplace()
    }

    func resync() {
        switch queue {
        case .inOrder(let q): q.resync()
        case .delta(let q): q.resync()
        }
    }

    func close() {
        switch queue {
        case .inOrder(let q): q.close()
        case .delta(let q): q.close()
        }
    }
}
