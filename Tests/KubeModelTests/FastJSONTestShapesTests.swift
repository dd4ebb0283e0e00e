// Pod-shaped test structs (hand-written, independent of the generated model).
// Used by the FastJSON differential and Decoder-feature tests (coding paths, IntOrString via try?).
import KubeModel
// Field names and types follow core/v1; every field is optional, as in the generated model.

/// An int-or-string value (ports, maxSurge).
enum TestIntOrString: Codable, Hashable, Sendable {
    case int(Int32)
    case string(String)

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) { self = .string(s) } else { self = .int(try c.decode(Int32.self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .int(let i): try c.encode(i)
        case .string(let s): try c.encode(s)
        }
    }
}

struct TestPod: Codable, Hashable, Sendable {
    var apiVersion: String?
    var kind: String?
    var metadata: ObjectMeta?
    var spec: TestPodSpec?
    var status: TestPodStatus?
}

struct TestPodSpec: Codable, Hashable, Sendable {
    var volumes: [TestVolume]?
    var initContainers: [TestContainer]?
    var containers: [TestContainer]?
    var restartPolicy: String?
    var terminationGracePeriodSeconds: Int64?
    var activeDeadlineSeconds: Int64?
    var dnsPolicy: String?
    var nodeSelector: [String: String]?
    var serviceAccountName: String?
    var serviceAccount: String?
    var automountServiceAccountToken: Bool?
    var nodeName: String?
    var hostNetwork: Bool?
    var securityContext: TestPodSecurityContext?
    var hostname: String?
    var subdomain: String?
    var affinity: JSONValue?
    var schedulerName: String?
    var tolerations: [TestToleration]?
    var priorityClassName: String?
    var priority: Int32?
    var enableServiceLinks: Bool?
    var preemptionPolicy: String?
}

struct TestVolume: Codable, Hashable, Sendable {
    var name: String
    var configMap: TestConfigMapVolumeSource?
    var secret: JSONValue?
    var emptyDir: JSONValue?
    var projected: JSONValue?
    var persistentVolumeClaim: JSONValue?
}

struct TestConfigMapVolumeSource: Codable, Hashable, Sendable {
    var name: String?
    var defaultMode: Int32?
    var optional: Bool?
}

struct TestContainer: Codable, Hashable, Sendable {
    var name: String
    var image: String?
    var command: [String]?
    var args: [String]?
    var workingDir: String?
    var ports: [TestContainerPort]?
    var envFrom: [TestEnvFromSource]?
    var env: [TestEnvVar]?
    var resources: TestResourceRequirements?
    var volumeMounts: [TestVolumeMount]?
    var livenessProbe: TestProbe?
    var readinessProbe: TestProbe?
    var startupProbe: TestProbe?
    var lifecycle: JSONValue?
    var terminationMessagePath: String?
    var terminationMessagePolicy: String?
    var imagePullPolicy: String?
    var securityContext: TestSecurityContext?
    var stdin: Bool?
    var tty: Bool?
}

struct TestContainerPort: Codable, Hashable, Sendable {
    var name: String?
    var hostPort: Int32?
    var containerPort: Int32
    var `protocol`: String?
    var hostIP: String?
}

struct TestEnvFromSource: Codable, Hashable, Sendable {
    var prefix: String?
    var configMapRef: TestLocalObjectReference?
    var secretRef: TestLocalObjectReference?
}

struct TestLocalObjectReference: Codable, Hashable, Sendable {
    var name: String?
    var optional: Bool?
}

struct TestEnvVar: Codable, Hashable, Sendable {
    var name: String
    var value: String?
    var valueFrom: TestEnvVarSource?
}

struct TestEnvVarSource: Codable, Hashable, Sendable {
    var fieldRef: TestObjectFieldSelector?
    var resourceFieldRef: JSONValue?
    var configMapKeyRef: TestKeySelector?
    var secretKeyRef: TestKeySelector?
}

struct TestObjectFieldSelector: Codable, Hashable, Sendable {
    var apiVersion: String?
    var fieldPath: String
}

struct TestKeySelector: Codable, Hashable, Sendable {
    var name: String?
    var key: String
    var optional: Bool?
}

struct TestResourceRequirements: Codable, Hashable, Sendable {
    var limits: [String: String]?
    var requests: [String: String]?
}

struct TestVolumeMount: Codable, Hashable, Sendable {
    var name: String
    var readOnly: Bool?
    var mountPath: String
    var subPath: String?
}

struct TestProbe: Codable, Hashable, Sendable {
    var exec: TestExecAction?
    var httpGet: TestHTTPGetAction?
    var tcpSocket: JSONValue?
    var initialDelaySeconds: Int32?
    var timeoutSeconds: Int32?
    var periodSeconds: Int32?
    var successThreshold: Int32?
    var failureThreshold: Int32?
}

struct TestExecAction: Codable, Hashable, Sendable {
    var command: [String]?
}

struct TestHTTPGetAction: Codable, Hashable, Sendable {
    var path: String?
    var port: TestIntOrString
    var host: String?
    var scheme: String?
}

struct TestSecurityContext: Codable, Hashable, Sendable {
    var capabilities: TestCapabilities?
    var privileged: Bool?
    var runAsUser: Int64?
    var runAsNonRoot: Bool?
    var readOnlyRootFilesystem: Bool?
    var allowPrivilegeEscalation: Bool?
}

struct TestCapabilities: Codable, Hashable, Sendable {
    var add: [String]?
    var drop: [String]?
}

struct TestPodSecurityContext: Codable, Hashable, Sendable {
    var runAsUser: Int64?
    var runAsGroup: Int64?
    var runAsNonRoot: Bool?
    var fsGroup: Int64?
    var seccompProfile: JSONValue?
}

struct TestToleration: Codable, Hashable, Sendable {
    var key: String?
    var `operator`: String?
    var value: String?
    var effect: String?
    var tolerationSeconds: Int64?
}

struct TestPodStatus: Codable, Hashable, Sendable {
    var phase: String?
    var conditions: [TestPodCondition]?
    var message: String?
    var reason: String?
    var hostIP: String?
    var podIP: String?
    var podIPs: [TestPodIP]?
    var startTime: Time?
    var initContainerStatuses: [TestContainerStatus]?
    var containerStatuses: [TestContainerStatus]?
    var qosClass: String?
}

struct TestPodCondition: Codable, Hashable, Sendable {
    var type: String
    var status: String
    var lastProbeTime: Time?
    var lastTransitionTime: Time?
    var reason: String?
    var message: String?
}

struct TestPodIP: Codable, Hashable, Sendable {
    var ip: String?
}

struct TestContainerStatus: Codable, Hashable, Sendable {
    var name: String
    var state: TestContainerState?
    var lastState: TestContainerState?
    var ready: Bool
    var restartCount: Int32
    var image: String
    var imageID: String
    var containerID: String?
    var started: Bool?
}

struct TestContainerState: Codable, Hashable, Sendable {
    var waiting: TestContainerStateWaiting?
    var running: TestContainerStateRunning?
    var terminated: TestContainerStateTerminated?
}

struct TestContainerStateWaiting: Codable, Hashable, Sendable {
    var reason: String?
    var message: String?
}

struct TestContainerStateRunning: Codable, Hashable, Sendable {
    var startedAt: Time?
}

struct TestContainerStateTerminated: Codable, Hashable, Sendable {
    var exitCode: Int32
    var signal: Int32?
    var reason: String?
    var message: String?
    var startedAt: Time?
    var finishedAt: Time?
    var containerID: String?
}
