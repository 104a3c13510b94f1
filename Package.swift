// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Verbinder",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "VerbinderCore", targets: ["VerbinderCore"]),
        .library(name: "VerbinderScenario", targets: ["VerbinderScenario"]),
        .library(name: "VerbinderSimulation", targets: ["VerbinderSimulation"]),
        .library(name: "VerbinderAnalysis", targets: ["VerbinderAnalysis"]),
        .library(name: "VerbinderRender", targets: ["VerbinderRender"]),
        .library(name: "VerbinderCharts", targets: ["VerbinderCharts"]),
        .library(name: "VerbinderExperiments", targets: ["VerbinderExperiments"]),
        .library(name: "VerbinderUncertainty", targets: ["VerbinderUncertainty"]),
        .library(name: "VerbinderDocumentation", targets: ["VerbinderDocumentation"]),
        .library(name: "VerbinderServer", targets: ["VerbinderServer"]),
        .executable(name: "verbinder", targets: ["verbinder"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/CoreOffice/XMLCoder", from: "0.18.2"),
    ],
    targets: [
        // MARK: Support shared by the modules, not part of the public API (`package` access): number formatting,
        // CSV/JSON/XML escaping, text tables, atomic writes, canonical JSON, a deterministic parallel map
        .target(name: "VerbinderSupport"),

        // MARK: Core: domain model, graph storage, random streams, diagnostics
        .target(
            name: "VerbinderCore",
            dependencies: ["VerbinderSupport"]
        ),

        // MARK: Scenario files: YAML parsing, validation, network generation
        .target(
            name: "VerbinderScenario",
            dependencies: [
                "VerbinderCore",
                "VerbinderSupport",
                .product(name: "Yams", package: "Yams"),
            ]
        ),

        // MARK: Simulation of connection attempts (discrete events)
        .target(
            name: "VerbinderSimulation",
            dependencies: [
                "VerbinderCore",
                "VerbinderScenario",
                "VerbinderSupport",
            ]
        ),

        // MARK: Stakeholder network analysis (centrality, brokerage, structural holes)
        .target(
            name: "VerbinderAnalysis",
            dependencies: [
                "VerbinderCore",
                "VerbinderScenario",
                "VerbinderSimulation",
                "VerbinderSupport",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "XMLCoder", package: "XMLCoder"),
            ]
        ),

        // MARK: Rendering through libgraphviz (cgraph + gvc)
        .systemLibrary(
            name: "CGraphviz",
            pkgConfig: "libgvc",
            providers: [.apt(["libgraphviz-dev"])]
        ),
        .target(
            name: "VerbinderRender",
            dependencies: ["CGraphviz", "VerbinderCore", "VerbinderScenario", "VerbinderSimulation", "VerbinderSupport", "VerbinderAnalysis"]
        ),

        // MARK: Charts: a tiny SVG element tree, scales, axes, bars, lines, heatmap, tornado
        .target(name: "VerbinderCharts", dependencies: ["VerbinderSupport"]),

        // MARK: Experiments: sweeps, result store (SQLite), comparisons, sensitivity, HTML report
        .target(
            name: "VerbinderExperiments",
            dependencies: [
                "VerbinderCore",
                "VerbinderScenario",
                "VerbinderSimulation",
                "VerbinderCharts",
                "VerbinderSupport",
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),

        // MARK: Uncertainty: global sensitivity (Sobol', Morris) and calibration (ABC-SMC) over the model parameters
        .target(
            name: "VerbinderUncertainty",
            dependencies: [
                "VerbinderCore",
                "VerbinderScenario",
                "VerbinderSimulation",
                "VerbinderExperiments",
                "VerbinderCharts",
                "VerbinderSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),

        // MARK: The model described for others (`verbinder odd`): ODD protocol and TRACE appendix
        .target(
            name: "VerbinderDocumentation",
            dependencies: [
                "VerbinderCore",
                "VerbinderScenario",
                "VerbinderExperiments",
                "VerbinderUncertainty",
                "VerbinderSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),

        // MARK: Mengpaneel: the web app (`verbinder serve`), thin routes over the libraries
        .target(
            name: "VerbinderServer",
            dependencies: [
                "VerbinderCore",
                "VerbinderScenario",
                "VerbinderSimulation",
                "VerbinderExperiments",
                "VerbinderRender",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),

        // MARK: Command-line interface (a thin layer over the libraries)
        .executableTarget(
            name: "verbinder",
            dependencies: [
                "VerbinderCore",
                "VerbinderScenario",
                "VerbinderSimulation",
                "VerbinderAnalysis",
                "VerbinderRender",
                "VerbinderExperiments",
                "VerbinderUncertainty",
                "VerbinderDocumentation",
                "VerbinderServer",
                "VerbinderSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: Fuzzing: seeded mutation of every reader's inputs (make fuzz; a short fixed run in make test)
        .target(
            name: "VerbinderFuzzing",
            dependencies: ["VerbinderCore", "VerbinderScenario", "VerbinderSimulation", "VerbinderAnalysis",
                           "VerbinderRender", "VerbinderExperiments"]
        ),
        .executableTarget(name: "verbinder-fuzz", dependencies: ["VerbinderFuzzing"]),

        // MARK: Tests
        // Test support: runs child processes (the built binary, Chromium, scripts) without pipe deadlocks,
        // and waits on events instead of fixed times.
        .target(name: "VerbinderTestSupport", path: "Tests/VerbinderTestSupport"),
        .testTarget(name: "VerbinderSupportTests", dependencies: ["VerbinderSupport"]),
        .testTarget(name: "VerbinderCoreTests", dependencies: ["VerbinderCore"]),
        .testTarget(name: "VerbinderScenarioTests", dependencies: ["VerbinderScenario", "VerbinderCore", "VerbinderTestSupport"]),
        .testTarget(name: "VerbinderSimulationTests", dependencies: ["VerbinderSimulation", "VerbinderSupport", "VerbinderTestSupport", "VerbinderScenario", "VerbinderCore"]),
        .testTarget(name: "VerbinderAnalysisTests", dependencies: ["VerbinderAnalysis", "VerbinderTestSupport", "VerbinderCore"]),
        .testTarget(name: "VerbinderRenderTests", dependencies: ["VerbinderRender", "VerbinderTestSupport", "VerbinderSimulation", "VerbinderScenario", "VerbinderCore"]),
        .testTarget(name: "VerbinderExperimentsTests", dependencies: ["VerbinderExperiments", "VerbinderTestSupport", "VerbinderCharts", "VerbinderSimulation", "VerbinderScenario", "VerbinderCore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "VerbinderUncertaintyTests", dependencies: ["VerbinderUncertainty", "VerbinderTestSupport", "VerbinderSimulation", "VerbinderExperiments", "VerbinderScenario", "VerbinderCore", .product(name: "GRDB", package: "GRDB.swift")],
                    exclude: ["Fixtures"]),
        .testTarget(name: "VerbinderDocumentationTests", dependencies: ["VerbinderDocumentation", "VerbinderExperiments", "VerbinderTestSupport", "VerbinderUncertainty", "VerbinderScenario", "VerbinderCore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "VerbinderFuzzTests", dependencies: ["VerbinderFuzzing", "VerbinderTestSupport"]),
        .testTarget(name: "VerbinderCLITests", dependencies: ["VerbinderCore", "VerbinderTestSupport"]),
        .testTarget(name: "VerbinderServerTests", dependencies: ["VerbinderServer", "VerbinderExperiments", "VerbinderTestSupport", "VerbinderSimulation", "VerbinderScenario", "VerbinderCore"]),
    ]
)
