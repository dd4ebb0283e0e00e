public import KubeClient
public import KubeModel

/// The two calls a Reflector makes: list a collection, and watch it from a resourceVersion.
///
/// ``ResourceClient`` is one (typed, dynamic or metadata-only, for a namespace or all);
/// ``ListWatch`` wraps closures (tests, custom sources) and option tweaks.
public protocol ListerWatcher<Object>: Sendable {
    associatedtype Object: KubernetesObject
    associatedtype Events: AsyncSequence<WatchEvent<Object>, any Error>
    /// One page (or all) of the collection.
    func list(_ options: ListOptions) async throws -> ObjectList<Object>
    /// A watch from `options.resourceVersion`; throws if the server refuses it.
    func watch(_ options: WatchOptions) async throws -> Events
}

extension ResourceClient: ListerWatcher {}

/// A ListerWatcher made of closures, optionally adjusting every request's options
/// (label/field selectors, other tweaks).
public struct ListWatch<Object: KubernetesObject>: ListerWatcher {
    public typealias Events = AnyWatchEvents<Object>

    private let listCall: @Sendable (ListOptions) async throws -> ObjectList<Object>
    private let watchCall: @Sendable (WatchOptions) async throws -> AnyWatchEvents<Object>

    public init(
        list: @escaping @Sendable (ListOptions) async throws -> ObjectList<Object>,
        watch: @escaping @Sendable (WatchOptions) async throws -> AnyWatchEvents<Object>
    ) {
        self.listCall = list
        self.watchCall = watch
    }

    /// Wraps another ListerWatcher, applying `tweak` to each request's selectors.
    public init<Base: ListerWatcher<Object>>(_ base: Base, tweak: ListTweak)
    where Base.Events: Sendable {
        self.listCall = { options in
            var options = options
            tweak.apply(to: &options.labelSelector, &options.fieldSelector)
            return try await base.list(options)
        }
        self.watchCall = { options in
            var options = options
            tweak.apply(to: &options.labelSelector, &options.fieldSelector)
            return AnyWatchEvents(try await base.watch(options))
        }
    }

    public func list(_ options: ListOptions) async throws -> ObjectList<Object> { try await listCall(options) }
    public func watch(_ options: WatchOptions) async throws -> AnyWatchEvents<Object> { try await watchCall(options) }
}

/// Selector restrictions applied to every list and watch of an informer.
public struct ListTweak: Sendable, Hashable {
    /// A label selector, e.g. `app=web`.
    public var labelSelector: String?
    /// A field selector, e.g. `spec.nodeName=node-1`.
    public var fieldSelector: String?

    public init(labelSelector: String? = nil, fieldSelector: String? = nil) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
    }

    func apply(to label: inout String?, _ field: inout String?) {
        if let labelSelector, !labelSelector.isEmpty { label = labelSelector }
        if let fieldSelector, !fieldSelector.isEmpty { field = fieldSelector }
    }
}

/// A type-erased stream of watch events.
public struct AnyWatchEvents<Object: KubernetesObject>: AsyncSequence, Sendable {
    public typealias Element = WatchEvent<Object>
    public typealias Failure = any Error

    private let make: @Sendable () -> AsyncIterator

    public init<S: AsyncSequence<WatchEvent<Object>, any Error> & Sendable>(_ sequence: S) {
        // Erasing an erased stream again would add a closure call per event.
        if let erased = sequence as? AnyWatchEvents<Object> {
            self = erased
            return
        }
        self.make = { AsyncIterator(sequence.makeAsyncIterator()) }
    }

    public func makeAsyncIterator() -> AsyncIterator { make() }

    public struct AsyncIterator: AsyncIteratorProtocol {
        private var nextEvent: () async throws -> WatchEvent<Object>?

        init<I: AsyncIteratorProtocol<WatchEvent<Object>, any Error>>(_ iterator: I) {
            var iterator = iterator
            self.nextEvent = { try await iterator.next() }
        }

        public mutating func next() async throws -> WatchEvent<Object>? { try await nextEvent() }
    }
}
