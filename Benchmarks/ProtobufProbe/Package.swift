// swift-tools-version:6.1
// A release-build probe of KubeModel's decoders: protobuf vs JSON decode of one pod list (time,
// throughput, heap bytes per pod, with and without string interning). A package of its own that
// compiles FastJSON and KubeModel from ../../Sources (symlinks), because the protobuf entry
// points are `package` API, invisible to the Benchmarks package.
//
//   curl … -A probe -H 'Accept: application/vnd.kubernetes.protobuf' $SERVER/api/v1/namespaces/N/pods -o pods.pb
//   curl … -A probe -H 'Accept: application/json' $SERVER/api/v1/namespaces/N/pods -o pods.json
//   swift run -c release Probe pods.pb pods.json [runs]
//   PROBE_ONLY=intern (protobuf, item by item, interned) or PROBE_ONLY=json: that decode alone, for a profiler.
import PackageDescription

let package = Package(
    name: "ProtobufProbe",
    targets: [
        .target(name: "FastJSON"),
        .target(name: "KubeModel", dependencies: ["FastJSON"]),
        .target(name: "CHeap"),
        .executableTarget(name: "Probe", dependencies: ["KubeModel", "CHeap"]),
    ],
    swiftLanguageModes: [.v6]
)
