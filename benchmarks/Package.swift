// swift-tools-version:6.0
// Benchmarks live in their own package so the library's build and tests never pay for them.
// Run from this folder: `swift run -c release verbinder-benchmarks [all|NAME ...|report] [--write]`.
import PackageDescription

let package = Package(
    name: "verbinder-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Verbinder", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "verbinder-benchmarks",
            dependencies: [
                .product(name: "VerbinderCore", package: "Verbinder"),
                .product(name: "VerbinderScenario", package: "Verbinder"),
                .product(name: "VerbinderSimulation", package: "Verbinder"),
                .product(name: "VerbinderAnalysis", package: "Verbinder"),
                .product(name: "VerbinderRender", package: "Verbinder"),
            ]
        ),
    ]
)
