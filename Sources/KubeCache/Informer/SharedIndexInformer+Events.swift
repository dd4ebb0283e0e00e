import KubeModel

extension SharedIndexInformer {
    /// The informer's events as an `AsyncSequence`, for code that prefers `for await`.
    /// Registers a handler (with the same guarantees: the current cache first, as adds) that
    /// lives as long as the iteration; ending the loop removes it.
    public func events(resyncPeriod: Duration? = nil) -> InformerEvents<Object> {
        InformerEvents(informer: self, resyncPeriod: resyncPeriod)
    }
}

/// An `AsyncSequence` of one informer's events; see ``SharedIndexInformer/events(resyncPeriod:)``.
public struct InformerEvents<Object: KubernetesObject>: AsyncSequence, Sendable {
    public typealias Element = InformerEvent<Object>
    public typealias Failure = Never

    let informer: SharedIndexInformer<Object>
    let resyncPeriod: Duration?

    public func makeAsyncIterator() -> AsyncIterator {
        let listener = informer.addListener(handler: nil, resyncPeriod: resyncPeriod ?? informer.configuration.defaultResyncPeriod)
        return AsyncIterator(subscription: Subscription(informer: informer, listener: listener))
    }

    /// Removes the handler when the iteration is dropped.
    final class Subscription: Sendable {
        let informer: SharedIndexInformer<Object>
        let listener: Listener<Object>

        init(informer: SharedIndexInformer<Object>, listener: Listener<Object>) {
            self.informer = informer
            self.listener = listener
        }

        deinit { informer.removeEventHandler(listener.registration) }
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let subscription: Subscription

        /// The registration behind this iteration (its `hasSynced`, its buffer depth).
        public var registration: HandlerRegistration { subscription.listener.registration }

        public mutating func next() async -> InformerEvent<Object>? {
            while let notification = await subscription.listener.buffer.next() {
                switch notification {
                case .event(let event): return event
                case .synced: subscription.listener.registration.markSynced()
                }
            }
            return nil
        }
    }
}
