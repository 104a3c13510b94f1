import Foundation
import Testing
import VerbinderTestSupport
@testable import VerbinderRender

/// Every layout finishes on pictures that used to hang, and the network view's size is bounded per layout.
@Suite struct LayoutBoundTests {
    /// One neighbourhood with one resident and one department with `officials` policy officials.
    static func department(_ officials: Int) -> String {
        """
        name: Afdeling
        neighbourhoods: [{name: Noord, residents: 1}]
        departments:
          - {name: Beleid, domain: social, cluster: Samenleving, officials: {policy: \(officials)}}
        """
    }

    /// Runs `verbinder` and waits at most `seconds` for it to end (a hang fails the test instead of blocking it).
    static func runBounded(_ arguments: [String], seconds: TimeInterval = 120) throws -> (finished: Bool, status: Int32, log: String) {
        let folder = try TemporaryFolder.make("verbinder-layout")
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("log")
        let process = try VerbinderBinary.start(arguments, log: log)
        let finished = waitUntil(timeout: seconds) { !process.isRunning }
        if !finished {
            process.terminate()
            process.waitUntilExit()
        }
        return (finished, process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    @Test("a department of 30 officials renders with every layout (neato, fdp and sfdp hung on curved edges)",
          arguments: LayoutEngine.allCases)
    func thirtyOfficials(layout: LayoutEngine) throws {
        let scenario = try TemporaryFolder.file("afdeling.yaml", Self.department(30))
        defer { try? FileManager.default.removeItem(at: scenario.deletingLastPathComponent()) }
        let out = scenario.deletingLastPathComponent().appendingPathComponent("afdeling.svg")
        let run = try Self.runBounded(["render", scenario.path, "--layout", layout.rawValue, "--out", out.path])
        #expect(run.finished, "render --layout \(layout.rawValue) did not finish in 120 s")
        #expect(run.status == 0, "\(run.log)")
        let svg = try String(contentsOf: out, encoding: .utf8)
        #expect(svg.contains("</svg>"))
    }

    @Test("a network view too large for its layout is refused, naming the layouts that can draw it")
    func networkViewBoundedPerLayout() throws {
        let scenario = try TemporaryFolder.file("afdeling.yaml", Self.department(1_000))
        defer { try? FileManager.default.removeItem(at: scenario.deletingLastPathComponent()) }
        let out = scenario.deletingLastPathComponent().appendingPathComponent("afdeling.svg")
        let refused = try Self.runBounded(["render", scenario.path, "--view", "network", "--layout", "dot", "--out", out.path])
        #expect(refused.finished && refused.status == 2, "\(refused.log)")
        #expect(refused.log.contains("the network view has 5,001 nodes and edges, too many for the dot layout "
                                     + "(at most 700 lay out in seconds): use --layout sfdp, or draw the aggregate or arenas view"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        // The default layout (neato) has its own limit.
        let byDefault = try Self.runBounded(["render", scenario.path, "--view", "network", "--out", out.path])
        #expect(byDefault.finished && byDefault.status == 2 && byDefault.log.contains("too many for the neato layout"), "\(byDefault.log)")
        let sfdp = try Self.runBounded(["render", scenario.path, "--view", "network", "--layout", "sfdp", "--out", out.path])
        #expect(sfdp.finished && sfdp.status == 0, "\(sfdp.log)")
        #expect(try String(contentsOf: out, encoding: .utf8).contains("</svg>"))
    }

    @Test("the automatic choice leaves the network view when its layout would take long")
    func denseSmallNetworkIsAggregated() throws {
        // 200 officials with 40 colleague ties each: 205 actors, but over 4,000 edges.
        let scenario = try TemporaryFolder.file("dicht.yaml", Self.department(200) + "\ngeneration: {colleagueTies: 40}\n")
        defer { try? FileManager.default.removeItem(at: scenario.deletingLastPathComponent()) }
        let out = scenario.deletingLastPathComponent().appendingPathComponent("dicht.svg")
        let run = try Self.runBounded(["render", scenario.path, "--out", out.path])
        #expect(run.finished && run.status == 0, "\(run.log)")
        #expect(run.log.contains("aggregate view, chosen automatically (205 actors, but "))
        #expect(run.log.contains("more than neato lays out in seconds (3,000)"))
    }

    @Test("network views within a layout's limit pass; beyond it they are refused")
    func networkViewLimits() throws {
        for layout in LayoutEngine.allCases {
            try Renderer.checkNetworkView(size: layout.networkViewLimit, layout: layout, asked: true)
            #expect(throws: (any Error).self) { try Renderer.checkNetworkView(size: layout.networkViewLimit + 1, layout: layout, asked: true) }
        }
        #expect(LayoutEngine.dot.networkViewLimit < LayoutEngine.neato.networkViewLimit)
        #expect(LayoutEngine.allCases.allSatisfy { $0.networkViewLimit <= LayoutEngine.sfdp.networkViewLimit })
    }
}
