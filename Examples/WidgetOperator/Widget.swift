public import KubeModel

/// The example custom resource: `widgets.example.com/v1` (the shape of the shared fixture CRD,
/// with a status that also keeps conditions and the observed generation; see ``WidgetCRD``).
public struct Widget: KubernetesResource, Hashable {
    public static let resource = ResourceDescriptor(
        group: "example.com", version: "v1", kind: "Widget", plural: "widgets", namespaced: true, shortNames: ["wd"])

    /// What the user asks for.
    public struct Spec: Codable, Sendable, Hashable {
        /// Replicas of the Deployment (≥ 1).
        public var size: Int
        /// `red`, `green` or `blue`.
        public var color: String?
        public var tags: [String]?
        /// Free-form settings copied into the ConfigMap.
        public var config: JSONValue?

        public init(size: Int, color: String? = nil, tags: [String]? = nil, config: JSONValue? = nil) {
            self.size = size
            self.color = color
            self.tags = tags
            self.config = config
        }
    }

    /// What the operator reports.
    public struct Status: Codable, Sendable, Hashable {
        public var ready: Bool?
        public var observedGeneration: Int64?
        public var conditions: [MetaV1.Condition]?
        /// The name of the ConfigMap made for this widget.
        public var configMap: String?

        public init(
            ready: Bool? = nil, observedGeneration: Int64? = nil, conditions: [MetaV1.Condition]? = nil,
            configMap: String? = nil
        ) {
            self.ready = ready
            self.observedGeneration = observedGeneration
            self.conditions = conditions
            self.configMap = configMap
        }
    }

    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: Spec?
    public var status: Status?

    public init(
        apiVersion: String? = "example.com/v1", kind: String? = "Widget", metadata: ObjectMeta, spec: Spec? = nil,
        status: Status? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}
