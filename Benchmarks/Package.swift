// swift-tools-version:6.1
// Kinformer's benchmarks, kept apart from the library so its build stays light.
//
// One executable target per area, each in Benchmarks/<Name>/ (the layout the benchmark plugin
// discovers). To add an area: create Benchmarks/<Name>/<Name>.swift and append
// `benchmarkTarget("<Name>", dependencies: [...])` to `targets` below.
// Run: `swift package benchmark` (all) or `swift package benchmark --target <Name>`.
import PackageDescription

func benchmarkTarget(_ name: String, dependencies: [Target.Dependency]) -> Target {
    .executableTarget(
        name: name,
        dependencies: dependencies + [.product(name: "Benchmark", package: "benchmark")],
        path: "Benchmarks/\(name)",
        swiftSettings: [.enableUpcomingFeature("ExistentialAny")],
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}

/// SwiftPM names a path dependency after its folder, so take the name of the folder above this one.
let kinformer = String(Context.packageDirectory.split(separator: "/").dropLast().last ?? "kinformer").lowercased()

let package = Package(
    name: "KinformerBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        benchmarkTarget("WorkQueueBenchmarks", dependencies: [.product(name: "KubeWorkQueue", package: kinformer)]),
        benchmarkTarget("DecodeBenchmarks", dependencies: [.product(name: "KubeModel", package: kinformer)]),
        benchmarkTarget("CacheBenchmarks", dependencies: [
            .product(name: "KubeCache", package: kinformer), .product(name: "KubeModel", package: kinformer),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
