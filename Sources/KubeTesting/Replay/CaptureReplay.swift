public import KubeModel

/// Replays a ``WatchCapture`` into an ``InProcessAPIServer``: the recorded lists and events
/// become creates, updates and deletes there, so an informer watching the in-process server
/// goes through what the recorded watch went through — at the recorded pace or as fast as the
/// server takes it, with faults from ``FaultInjector`` mixed in.
///
/// The server assigns its own resourceVersions. A recorded list (the first, or a relist after
/// 410) is applied as the difference to the server's current state; bookmarks and errors are
/// not replayed (the in-process server makes its own), except through ``Faults``.
public struct CaptureReplay: Sendable {
    /// How fast to replay.
    public enum Pace: Sendable, Hashable {
        /// Keep the recorded gaps, divided by `speed` (1 = real time, 10 = ten times faster).
        case recorded(speed: Double)
        /// No pauses.
        case maximum
    }

    /// Faults injected while replaying (on top of what the capture holds).
    public struct Faults: Sendable, Hashable {
        /// Inject one fault after every this many applied changes; `nil`: none.
        public var every: Int?
        /// The faults, used in turn.
        public var kinds: [FaultInjector.Fault]
        /// Also turn each recorded watch error (410, a lost connection) into this fault.
        public var atRecordedErrors: FaultInjector.Fault?

        public init(every: Int? = nil, kinds: [FaultInjector.Fault] = [.dropWatch, .compaction], atRecordedErrors: FaultInjector.Fault? = nil) {
            self.every = every
            self.kinds = kinds
            self.atRecordedErrors = atRecordedErrors
        }
    }

    /// What a replay did.
    public struct Statistics: Sendable, Hashable {
        /// Creates, updates and deletes applied to the server.
        public var changes = 0
        /// Recorded events replayed (bookmarks excluded).
        public var events = 0
        /// Recorded lists applied as differences.
        public var lists = 0
        public var faults = 0
        public var seconds: Double = 0
        /// Recorded events per second of replay.
        public var eventsPerSecond: Double { seconds > 0 ? Double(events) / seconds : 0 }
    }

    public let capture: WatchCapture
    public var pace: Pace
    public var faults: Faults

    public init(_ capture: WatchCapture, pace: Pace = .maximum, faults: Faults = Faults()) {
        self.capture = capture
        self.pace = pace
        self.faults = faults
    }

    /// Plans the server changes of every record, independent of any server: a pure function of
    /// the capture (``Change``s keyed by namespace/name, with server-owned metadata removed).
    public func plan() -> [Step] {
        var present: [String: JSONValue] = [:]
        var steps: [Step] = []
        for record in capture.records {
            switch record.record {
            case .header:
                continue
            case .list:
                var changes: [Change] = []
                var listed: [String: JSONValue] = [:]
                for item in record.items ?? [] {
                    let object = Self.portable(item)
                    listed[Self.key(object)] = object
                }
                for (key, old) in present.sorted(by: { $0.key < $1.key }) where listed[key] == nil {
                    changes.append(.delete(old))
                }
                for (key, object) in listed.sorted(by: { $0.key < $1.key }) {
                    if let old = present[key] {
                        if old != object { changes.append(.update(object)) }
                    } else {
                        changes.append(.create(object))
                    }
                }
                present = listed
                steps.append(Step(at: record.at, changes: changes, isList: true, isError: false))
            case .event:
                guard let raw = record.object, record.type != "BOOKMARK" else { continue }
                let object = Self.portable(raw)
                let key = Self.key(object)
                let change: Change
                switch record.type {
                case "DELETED":
                    guard present.removeValue(forKey: key) != nil else { continue }
                    change = .delete(object)
                default:
                    change = present[key] == nil ? .create(object) : .update(object)
                    present[key] = object
                }
                steps.append(Step(at: record.at, changes: [change], isList: false, isError: false))
            case .error:
                steps.append(Step(at: record.at, changes: [], isList: false, isError: true))
            }
        }
        return steps
    }

    /// The objects present at the end of the capture, by namespace/name, without server-owned metadata.
    public func finalState() -> [String: JSONValue] {
        var present: [String: JSONValue] = [:]
        for step in plan() {
            for change in step.changes {
                switch change {
                case .create(let o), .update(let o): present[Self.key(o)] = o
                case .delete(let o): present.removeValue(forKey: Self.key(o))
                }
            }
        }
        return present
    }

    /// One recorded moment and the server changes it needs.
    public struct Step: Sendable, Hashable {
        public var at: Double
        public var changes: [Change]
        public var isList: Bool
        public var isError: Bool
    }

    /// One write to the server.
    public enum Change: Sendable, Hashable {
        case create(JSONValue)
        case update(JSONValue)
        case delete(JSONValue)
    }

    /// The object without what a server assigns (resourceVersion, uid, timestamps, managedFields,
    /// generation) and without finalizers, so that it can be created anywhere and deleted at once.
    public static func portable(_ object: JSONValue) -> JSONValue {
        guard var fields = object.objectValue else { return object }
        if var meta = fields["metadata"]?.objectValue {
            for owned in ["resourceVersion", "uid", "creationTimestamp", "managedFields", "generation", "selfLink",
                          "finalizers", "deletionTimestamp", "deletionGracePeriodSeconds"] {
                meta.removeValue(forKey: owned)
            }
            fields["metadata"] = .object(meta)
        }
        return .object(fields)
    }

    /// `namespace/name` (or `name`) of an object.
    public static func key(_ object: JSONValue) -> String {
        let name = object["metadata"]?["name"]?.stringValue ?? ""
        guard let namespace = object["metadata"]?["namespace"]?.stringValue, !namespace.isEmpty else { return name }
        return "\(namespace)/\(name)"
    }
}
