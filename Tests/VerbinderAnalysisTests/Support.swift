import Foundation
import Testing
@testable import VerbinderAnalysis

/// A graph with NetworkX/R reference values, as written by `benchmarks/peers/analysis_reference.py`.
struct ReferenceFixture: Decodable {
    struct BrokerageValues: Decodable {
        var counts: [[Double]]
        var expected: [[Double]]
        var z: [[Double]]
        var globalCounts: [Double]
        var globalExpected: [Double]
        var globalZ: [Double]
    }
    struct EIGroup: Decodable {
        var `internal`: Int
        var external: Int
        var index: Double
    }
    struct EIValues: Decodable {
        var groups: [String: EIGroup]
        var network: Double
    }

    var name: String
    var directed: Bool
    var nodes: [String]
    var groups: [Int32]
    var edges: [[Double]]
    var metrics: [String: [Double]]
    var brokerage: BrokerageValues
    var brokeragePartial: [[Double]]
    var eiIndex: EIValues
    var partition: [Int]?
    var modularity: Double?

    static let names = ["florentine", "karate", "kite", "random_directed", "random_undirected", "sparse_directed", "sparse_undirected"]

    static func load(_ name: String) throws -> ReferenceFixture {
        let url = referenceDirectory.appendingPathComponent("\(name).json")
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(ReferenceFixture.self, from: Data(contentsOf: url))
    }

    var edgeList: EdgeList {
        var list = EdgeList(nodeCount: nodes.count)
        for edge in edges { list.append(Int32(edge[0]), Int32(edge[1]), weight: edge[2]) }
        return list
    }

    var graph: AnalysisGraph { AnalysisGraph(edgeList, directed: directed) }
}

/// The folder of committed fixtures, found from this file's path (no bundle resources needed).
let referenceDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference")

/// Whether two values agree to a relative tolerance (with an absolute floor for values near 0); NaN equals NaN.
func close(_ a: Double, _ b: Double, relative: Double = 1e-9, absolute: Double = 1e-12) -> Bool {
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
    if a.isInfinite || b.isInfinite { return a == b }
    return abs(a - b) <= relative * max(abs(a), abs(b)) || abs(a - b) <= absolute
}

/// Expects two columns to agree element by element, naming the first node that differs.
func expectClose(_ actual: [Double], _ expected: [Double], _ what: String, relative: Double = 1e-9,
                 absolute: Double = 1e-12, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, "\(what): count", sourceLocation: sourceLocation)
    for index in 0 ..< min(actual.count, expected.count) where !close(actual[index], expected[index], relative: relative, absolute: absolute) {
        Issue.record("\(what)[\(index)]: \(actual[index]) != \(expected[index])", sourceLocation: sourceLocation)
        return
    }
}

/// Builds an edge list from pairs (weight 1 unless given).
func edges(_ count: Int, _ pairs: [(Int32, Int32)], weights: [Double]? = nil) -> EdgeList {
    var list = EdgeList(nodeCount: count)
    for (index, pair) in pairs.enumerated() { list.append(pair.0, pair.1, weight: weights?[index] ?? 1) }
    return list
}

/// A seeded random graph for property tests.
func randomEdges(nodes: Int, edges count: Int, seed: UInt64, maxWeight: Int = 1) -> EdgeList {
    var random = SplitMix64Generator(seed: seed)
    var list = EdgeList(nodeCount: nodes)
    for _ in 0 ..< count {
        let a = Int32(random.next() % UInt64(nodes)), b = Int32(random.next() % UInt64(nodes))
        list.append(a, b, weight: Double(1 + Int(random.next() % UInt64(maxWeight))))
    }
    return list
}

struct SplitMix64Generator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
