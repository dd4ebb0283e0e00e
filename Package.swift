// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Kinformer",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "KubeModel", targets: ["KubeModel"]),
        .library(name: "KubeClient", targets: ["KubeClient"]),
        .library(name: "KubeCache", targets: ["KubeCache"]),
        .library(name: "KubeWorkQueue", targets: ["KubeWorkQueue"]),
        .library(name: "KubeController", targets: ["KubeController"]),
        .library(name: "KubeTesting", targets: ["KubeTesting"]),
        .library(name: "KubeOperator", targets: ["KubeOperator"]),
        .library(name: "KubeSharding", targets: ["KubeSharding"]),
        .executable(name: "kinformer", targets: ["kinformer"]),
        .executable(name: "kube-modelgen", targets: ["kube-modelgen"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        .target(name: "FastJSON", swiftSettings: strict),
        .target(name: "KubeModel", dependencies: ["FastJSON"], swiftSettings: strict),
        .target(
            name: "KubeSupport",
            dependencies: [.product(name: "DequeModule", package: "swift-collections")],
            swiftSettings: strict
        ),
        .target(
            name: "KubeClient",
            dependencies: [
                "KubeModel", "KubeSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "KubeCache",
            dependencies: [
                "KubeModel", "KubeClient", "KubeSupport",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "KubeWorkQueue",
            dependencies: [
                "KubeSupport",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "KubeController",
            dependencies: [
                "KubeCache", "KubeWorkQueue", "KubeClient", "KubeModel", "KubeSupport",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "KubeOperator",
            dependencies: [
                "KubeModel", "KubeClient", "KubeCache", "KubeWorkQueue", "KubeController", "KubeSupport",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "KubeSharding",
            dependencies: [
                "KubeModel", "KubeClient", "KubeCache", "KubeController", "KubeSupport",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "WidgetOperatorExample",
            dependencies: ["KubeModel", "KubeClient", "KubeCache", "KubeController", "KubeOperator",
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
            path: "Examples/WidgetOperator",
            swiftSettings: strict
        ),
        .target(
            name: "KubeTesting",
            dependencies: [
                "KubeModel", "KubeClient", "KubeSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ConfigMapChecksumExample",
            dependencies: ["KubeModel", "KubeClient", "KubeCache", "KubeController",
                           .product(name: "Logging", package: "swift-log")],
            path: "Examples/ConfigMapChecksum",
            swiftSettings: strict
        ),
        .target(
            name: "KinformerCLI",
            dependencies: [
                "KubeModel", "KubeClient", "KubeCache", "KubeWorkQueue", "KubeController", "KubeTesting",
                "KubeSupport", "ConfigMapChecksumExample",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "kinformer", dependencies: ["KinformerCLI"], swiftSettings: strict),
        .executableTarget(
            name: "kube-modelgen",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        // Helpers shared by the test targets only (a seeded random generator).
        .target(
            name: "KinformerTestSupport", dependencies: ["KubeClient", "KubeModel", "KubeTesting"],
            path: "Tests/KinformerTestSupport", swiftSettings: strict),
        .testTarget(
            name: "KubeModelTests", dependencies: ["KubeModel", "FastJSON", "kube-modelgen", "KinformerTestSupport"],
            resources: [.copy("Fixtures"), .copy("FastJSONFixtures")],
            swiftSettings: strict),
        .testTarget(
            name: "KubeClientTests", dependencies: ["KubeClient", "KubeTesting", "KinformerTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "KubeCacheTests",
            dependencies: [
                "KubeCache", "KubeTesting", "KubeSupport", "KinformerTestSupport",
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "KubeWorkQueueTests", dependencies: ["KubeWorkQueue", "KubeTesting", "KinformerTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "KubeControllerTests",
            dependencies: ["KubeController", "KubeSupport", "KubeTesting", "ConfigMapChecksumExample", "KinformerTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "KubeOperatorTests",
            dependencies: [
                "KubeOperator", "WidgetOperatorExample", "KubeTesting", "KinformerTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "KubeShardingTests",
            dependencies: ["KubeSharding", "KubeTesting", "KubeController", "KubeCache", "KinformerTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "KinformerCLITests", dependencies: ["KinformerCLI", "KubeTesting", "KubeClient", "KubeModel"],
            swiftSettings: strict),
        .testTarget(
            name: "KubeTestingTests",
            dependencies: ["KubeTesting", "KubeClient", .product(name: "AsyncHTTPClient", package: "async-http-client")], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
