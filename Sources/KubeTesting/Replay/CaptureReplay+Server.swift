import KubeClient
import KubeModel

extension CaptureReplay {
    /// Replays the capture into `server` (which must serve the capture's resource); returns
    /// when every change has been applied. Objects already on the server are left alone until
    /// a recorded list says otherwise.
    /// - Throws: ``KubeClient/KubeAPIError`` when the server refuses a change (e.g. an
    ///   unregistered resource), or `CancellationError`.
    @discardableResult
    public func replay(into server: InProcessAPIServer) async throws -> Statistics {
        var statistics = Statistics()
        let clock = ContinuousClock()
        let start = clock.now
        var nextFault = 0
        var sinceFault = 0
        for step in plan() {
            try Task.checkCancellation()
            if case .recorded(let speed) = pace, speed > 0 {
                let due = start.advanced(by: .milliseconds(Int64(step.at / speed * 1000)))
                if due > clock.now { try await Task.sleep(until: due, clock: clock) }  // the recorded pace
            }
            if step.isError, let fault = faults.atRecordedErrors {
                inject(fault, into: server)
                statistics.faults += 1
            }
            for change in step.changes {
                try apply(change, to: server)
                statistics.changes += 1
                sinceFault += 1
                if let every = faults.every, every > 0, sinceFault >= every, !faults.kinds.isEmpty {
                    inject(faults.kinds[nextFault % faults.kinds.count], into: server)
                    nextFault += 1
                    sinceFault = 0
                    statistics.faults += 1
                }
            }
            if step.isList { statistics.lists += 1 } else if !step.isError { statistics.events += 1 }
        }
        let elapsed = clock.now - start
        statistics.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return statistics
    }

    private func apply(_ change: Change, to server: InProcessAPIServer) throws(KubeAPIError) {
        let resource = capture.resource
        switch change {
        case .create(let object):
            do {
                try server.create(object, resource: resource)
            } catch where error.isAlreadyExists {
                try server.update(object, resource: resource)
            }
        case .update(let object):
            do {
                try server.update(object, resource: resource)
            } catch where error.isNotFound {
                try server.create(object, resource: resource)
            }
        case .delete(let object):
            do {
                try server.delete(
                    resource: resource, namespace: object["metadata"]?["namespace"]?.stringValue,
                    name: object["metadata"]?["name"]?.stringValue ?? "")
            } catch where error.isNotFound {
                return
            }
        }
    }

    private func inject(_ fault: FaultInjector.Fault, into server: InProcessAPIServer) {
        switch fault {
        case .compaction: server.faults.compactHistory()
        case .malformedEvent: _ = server.faults.sendMalformedEvent()
        case .truncateWatch: _ = server.faults.closeWatchesMidLine()
        default: _ = server.faults.dropWatches()
        }
    }
}
