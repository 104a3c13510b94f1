import Foundation
import Testing
@testable import VerbinderUncertainty

/// A SALib reference case written by `Fixtures/generate_salib_fixtures.py`.
struct SobolFixture: Decodable {
    var names: [String]
    var bounds: [[Double]]
    var N: Int
    var secondOrder: Bool
    var X: [[Double]]
    var Y: [Double]
    var resamples: [[Int]]
    var S1: [Double], S1_conf: [Double], ST: [Double], ST_conf: [Double]
    var S2: [[Double?]]?, S2_conf: [[Double?]]?

    var factors: [UncertainFactor] { zip(names, bounds).map { UncertainFactor(name: $0, lower: $1[0], upper: $1[1]) } }
}

struct MorrisFixture: Decodable {
    var names: [String]
    var bounds: [[Double]]
    var levels: Int
    var trajectories: Int
    var X: [[Double]]
    var Y: [Double]
    var resamples: [[[Int]]]
    var mu: [Double], mu_star: [Double], sigma: [Double], mu_star_conf: [Double]
}

struct SequenceFixture: Decodable {
    var points: Int
    var dimensions: Int
    var columnSums: [Double]
    var rows: [String: [Double]]
}

func fixture<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
    return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
}

/// Ishigami & Homma (1990) with a = 7, b = 0.1, on [−π, π]³.
func ishigami(_ x: [Double]) -> Double {
    sin(x[0]) + 7 * sin(x[1]) * sin(x[1]) + 0.1 * pow(x[2], 4) * sin(x[0])
}

/// Sobol's G function on [0, 1]^d.
func gFunction(_ x: [Double], _ a: [Double]) -> Double {
    zip(x, a).reduce(1) { $0 * (abs(4 * $1.0 - 2) + $1.1) / (1 + $1.1) }
}

func expectClose(_ actual: [Double], _ expected: [Double], _ tolerance: Double, _ what: String) {
    #expect(actual.count == expected.count, "\(what): \(actual.count) values, expected \(expected.count)")
    for (i, (x, y)) in zip(actual, expected).enumerated() {
        #expect(abs(x - y) <= tolerance, "\(what)[\(i)] = \(x), expected \(y)")
    }
}

@Suite("Sobol' sequence and Saltelli sample against SALib")
struct SamplingTests {
    @Test func sobolSequenceIsSALibsBitForBit() throws {
        let reference = try fixture("sobol-sequence.json", as: SequenceFixture.self)
        let points = SobolSequence(dimensions: reference.dimensions).points(reference.points)
        let sums = (0 ..< reference.dimensions).map { d in points.reduce(0) { $0 + $1[d] } }
        expectClose(sums, reference.columnSums, 0, "column sums")
        for (row, values) in reference.rows { expectClose(points[Int(row)!], values, 0, "row \(row)") }
    }

    @Test func saltelliDesignIsSALibsSample() throws {
        let reference = try fixture("ishigami-sobol.json", as: SobolFixture.self)
        let design = SaltelliDesign(baseSamples: reference.N, dimensions: reference.names.count, secondOrder: true)
        let rows = reference.factors.scale(design.unitRows)
        #expect(rows.count == reference.X.count && design.skipped == 256)
        for (i, (row, expected)) in zip(rows, reference.X).enumerated() where row != expected {
            Issue.record("row \(i): \(row), SALib \(expected)")
            break
        }
        expectClose(rows.map(ishigami), reference.Y, 1e-12, "Ishigami outputs")
    }

    @Test func designBlocksCrossTheRightColumns() {
        let design = SaltelliDesign(baseSamples: 8, dimensions: 4, secondOrder: true)
        #expect(design.unitRows.count == 8 * 10)
        for base in 0 ..< 8 {
            let block = Array(design.unitRows[base * 10 ..< base * 10 + 10])
            let (a, b) = (block[0], block[9])
            for j in 0 ..< 4 {
                for column in 0 ..< 4 {
                    #expect(block[1 + j][column] == (column == j ? b : a)[column])
                    #expect(block[5 + j][column] == (column == j ? a : b)[column])
                }
            }
        }
    }
}

@Suite("Sobol' indices against SALib and analytic values")
struct SobolIndexTests {
    @Test(arguments: ["ishigami-sobol.json", "gfunction-sobol.json"])
    func sameSampleSameIndicesAsSALib(_ name: String) throws {
        let reference = try fixture(name, as: SobolFixture.self)
        let indices = SobolAnalysis.analyze(reference.Y, dimensions: reference.names.count,
                                            secondOrder: reference.secondOrder, resamples: reference.resamples)
        expectClose(indices.firstOrder, reference.S1, 1e-12, "S1")
        expectClose(indices.total, reference.ST, 1e-12, "ST")
        expectClose(indices.firstOrderConf, reference.S1_conf, 1e-12, "S1_conf")
        expectClose(indices.totalConf, reference.ST_conf, 1e-12, "ST_conf")
        if let s2 = reference.S2, let s2Conf = reference.S2_conf {
            let mine = try #require(indices.secondOrder), mineConf = try #require(indices.secondOrderConf)
            for j in s2.indices {
                for k in s2.indices {
                    #expect((s2[j][k] == nil) == (mine[j][k] == nil))
                    if let expected = s2[j][k], let actual = mine[j][k] { #expect(abs(actual - expected) <= 1e-12, "S2[\(j)][\(k)]") }
                    if let expected = s2Conf[j][k], let actual = mineConf[j][k] { #expect(abs(actual - expected) <= 1e-12, "S2_conf[\(j)][\(k)]") }
                }
            }
        }
    }

    @Test func ishigamiAnalyticIndicesFromOwnSample() {
        let (a, b) = (7.0, 0.1), pi4 = pow(Double.pi, 4), pi8 = pow(Double.pi, 8)
        let v = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5
        let v1 = 0.5 * pow(1 + b * pi4 / 5, 2), v2 = a * a / 8, vt3 = 8 * b * b * pi8 / 225
        let expectedS1 = [v1 / v, v2 / v, 0], expectedST = [(v1 + vt3) / v, v2 / v, vt3 / v]
        let factors = (1 ... 3).map { UncertainFactor(name: "x\($0)", lower: -.pi, upper: .pi) }
        let design = SaltelliDesign(baseSamples: 8192, dimensions: 3)
        let indices = SobolAnalysis.analyze(factors.scale(design.unitRows).map(ishigami), dimensions: 3, secondOrder: false, seed: 1)
        expectClose(indices.firstOrder, expectedS1, 0.02, "S1")
        expectClose(indices.total, expectedST, 0.02, "ST")
        // The bootstrap intervals are honest: each covers the analytic value within a generous factor.
        for j in 0 ..< 3 { #expect(abs(indices.total[j] - expectedST[j]) <= 3 * indices.totalConf[j] + 1e-3) }
    }

    @Test func gFunctionAnalyticIndicesFromOwnSample() {
        let a = [0, 1, 4.5, 9, 99, 99]
        let partial = a.map { 1 / (3 * (1 + $0) * (1 + $0)) }
        let total = partial.reduce(1) { $0 * (1 + $1) } - 1
        let expectedS1 = partial.map { $0 / total }
        let expectedST = partial.indices.map { i in
            partial[i] * partial.indices.filter { $0 != i }.reduce(1) { $0 * (1 + partial[$1]) } / total
        }
        let design = SaltelliDesign(baseSamples: 4096, dimensions: 6)
        let indices = SobolAnalysis.analyze(design.unitRows.map { gFunction($0, a) }, dimensions: 6, secondOrder: false, seed: 2)
        expectClose(indices.firstOrder, expectedS1, 0.03, "S1")
        expectClose(indices.total, expectedST, 0.03, "ST")
    }

    @Test func bootstrapIsReproducibleFromItsSeed() {
        let design = SaltelliDesign(baseSamples: 64, dimensions: 3)
        let y = design.unitRows.map { $0[0] + 2 * $0[1] * $0[2] }
        #expect(SobolAnalysis.analyze(y, dimensions: 3, secondOrder: false, seed: 9)
            == SobolAnalysis.analyze(y, dimensions: 3, secondOrder: false, seed: 9))
    }
}

@Suite("Morris elementary effects against SALib and exact cases")
struct MorrisTests {
    @Test func sameSampleSameMeasuresAsSALib() throws {
        let reference = try fixture("ishigami-morris.json", as: MorrisFixture.self)
        let indices = MorrisAnalysis.analyze(inputs: reference.X, outputs: reference.Y, levels: reference.levels,
                                             resamples: reference.resamples)
        expectClose(indices.mu, reference.mu, 1e-12, "mu")
        expectClose(indices.muStar, reference.mu_star, 1e-12, "mu_star")
        expectClose(indices.sigma, reference.sigma, 1e-12, "sigma")
        expectClose(indices.muStarConf, reference.mu_star_conf, 1e-12, "mu_star_conf")
    }

    @Test func trajectoriesMoveOneFactorByOneStepInsideTheCube() {
        let design = MorrisDesign(trajectories: 30, dimensions: 5, levels: 6, seed: 3)
        let delta = MorrisDesign.step(levels: 6)
        #expect(design.unitRows.count == 30 * 6)
        for t in 0 ..< 30 {
            var moved = Set<Int>()
            for step in 0 ..< 5 {
                let (x, y) = (design.unitRows[t * 6 + step], design.unitRows[t * 6 + step + 1])
                let changed = (0 ..< 5).filter { x[$0] != y[$0] }
                #expect(changed.count == 1 && abs(abs(y[changed[0]] - x[changed[0]]) - delta) < 1e-12)
                moved.formUnion(changed)
            }
            #expect(moved.count == 5)
            #expect(design.unitRows[t * 6 ..< t * 6 + 6].allSatisfy { $0.allSatisfy { $0 >= 0 && $0 <= 1 + 1e-12 } })
        }
    }

    @Test func linearModelHasItsSlopesAsEffects() {
        let slopes = [3.0, -1.5, 0, 0.25]
        let design = MorrisDesign(trajectories: 12, dimensions: 4, seed: 4)
        let y = design.unitRows.map { row in zip(row, slopes).reduce(0) { $0 + $1.0 * $1.1 } }
        let indices = MorrisAnalysis.analyze(inputs: design.unitRows, outputs: y, levels: 4, seed: 5)
        expectClose(indices.mu, slopes, 1e-12, "mu")
        expectClose(indices.muStar, slopes.map(abs), 1e-12, "mu*")
        expectClose(indices.sigma, [0, 0, 0, 0], 1e-12, "sigma")
    }

    @Test func morrisRanksIshigamiLikeSobol() {
        let factors = (1 ... 3).map { UncertainFactor(name: "x\($0)", lower: -.pi, upper: .pi) }
        let design = MorrisDesign(trajectories: 200, dimensions: 3, seed: 6)
        let rows = factors.scale(design.unitRows)
        let indices = MorrisAnalysis.analyze(inputs: rows, outputs: rows.map(ishigami), levels: 4, seed: 7)
        // x3 acts only through its interaction with x1: its μ is near 0 while its σ is large.
        #expect(indices.muStar[0] > indices.muStar[2] && abs(indices.mu[2]) < 0.5 * indices.sigma[2])
    }
}
