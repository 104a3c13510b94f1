/// Gould & Fernandez (1989) brokerage roles, counted and tested as R's `sna::brokerage` (Butts) does.
///
/// Node `v` brokers the two-path `a → v → b` (`a ≠ b`) only when there is no tie `a → b`. The role is set by
/// the groups of `a`, `v` and `b` (the pattern, not a label):
///
/// | role | `sna` | pattern |
/// |---|---|---|
/// | coordinator | `w_I` | `a`, `v`, `b` all in one group |
/// | itinerant | `w_O` | `a` and `b` in one group, `v` in another |
/// | representative | `b_IO` | `v` in `a`'s group, `b` in another |
/// | gatekeeper | `b_OI` | `v` in `b`'s group, `a` in another |
/// | liaison | `b_O` | all three in different groups |
///
/// An undirected tie is read in both directions, so every undirected two-path counts twice (once each way),
/// as `sna` does for a symmetric adjacency matrix. Expected values and z-scores follow `sna`'s formulas for a
/// Bernoulli graph of the same density `d = m / (n (n − 1))` (`m` directed ties) and group sizes.
public enum Brokerage {
    /// The five roles, in `sna`'s column order.
    public enum Role: Int, CaseIterable, Sendable {
        case coordinator, itinerant, representative, gatekeeper, liaison

        /// The column name in `sna::brokerage` output.
        public var snaName: String { ["w_I", "w_O", "b_IO", "b_OI", "b_O"][rawValue] }
        /// The name used in Verbinder's output (`brokerage_<name>`).
        public var name: String { ["coordinator", "itinerant", "representative", "gatekeeper", "liaison"][rawValue] }
    }

    /// Counts, expectations and z-scores; arrays of six columns are the five roles then the total (`sna`'s `t`).
    public struct Result: Sendable, Equatable {
        /// `counts[role][node]` for the five roles; ``total`` is their sum.
        public var counts: [[Double]]
        public var total: [Double]
        /// Per node, six columns (`sna`'s `exp.nli`); `nil` with partial credit.
        public var expected: [[Double]]?
        /// Per node, six columns (`sna`'s `z.nli`): `(count − expected) / sd`; `nil` with partial credit.
        public var z: [[Double]]?
        /// Whole-network counts, expectations and z-scores (`sna`'s `raw.gli`, `exp.gli`, `z.gli`), six columns.
        public var globalCounts: [Double]
        public var globalExpected: [Double]?
        public var globalZ: [Double]?
    }

    /// Counts each node's brokerage roles.
    /// - Parameters:
    ///   - groups: a group code per node (any integers; equal codes mean the same group).
    ///   - partialCredit: UCINET's option: when `k` nodes broker the same ordered pair `(a, b)`, each gets
    ///     `1/k` instead of 1. Expected values and z-scores are only defined for full credit and are left out.
    /// - Complexity: full credit O(m + Σ_(a→b) min(out(a), in(b)) · log n) time (see
    ///   ``fullCreditCounts(_:groups:)``), O(n) extra memory; partial credit O(Σ_v in(v) · out(v)), since every
    ///   brokered pair's brokers must be counted.
    public static func compute(_ graph: AnalysisGraph, groups: [Int32], partialCredit: Bool = false) -> Result {
        let n = graph.nodeCount
        precondition(groups.count == n, "one group per node")
        let counts = partialCredit ? partialCreditCounts(graph, groups: groups) : fullCreditCounts(graph, groups: groups)
        let total = (0 ..< n).map { node in counts.reduce(0) { $0 + $1[node] } }
        let globalCounts = counts.map { $0.reduce(0, +) } + [total.reduce(0, +)]
        var result = Result(counts: counts, total: total, expected: nil, z: nil, globalCounts: globalCounts)
        guard !partialCredit else { return result }

        // sna's moments under a Bernoulli graph, by the broker's group.
        let directedTies = Double(graph.isDirected ? graph.outTargets.count : graph.outTargets.count)
        let nodes = Double(n)
        let d = directedTies / (nodes * (nodes - 1))
        var codes: [Int32] = []            // group codes in order of first appearance (sna's unique(cl))
        var groupIndex = [Int32: Int]()    // lookup only; never iterated
        for code in groups where groupIndex[code] == nil {
            groupIndex[code] = codes.count
            codes.append(code)
        }
        var sizes = [Double](repeating: 0, count: codes.count)
        for code in groups { sizes[groupIndex[code]!] += 1 }
        let p = d * d * (1 - d)
        let q = 1 - d * d * (1 - d)
        let d3 = d * d * d * (1 - d) * (1 - d) * (1 - d)
        func choose2(_ x: Double) -> Double { x * (x - 1) / 2 }  // R's choose(x, 2) for real x
        var groupExpected: [[Double]] = []
        var groupVariance: [[Double]] = []
        for i in sizes.indices {
            let ni = sizes[i]
            let others = sizes.enumerated().filter { $0.offset != i }.map(\.element)
            var e = [Double](repeating: 0, count: 6), v = [Double](repeating: 0, count: 6)
            e[0] = p * (ni - 1) * (ni - 2)
            v[0] = e[0] * q + 2 * (ni - 1) * (ni - 2) * (ni - 3) * d3
            e[1] = p * others.reduce(0) { $0 + $1 * ($1 - 1) }
            v[1] = e[1] * q + 2 * others.reduce(0) { $0 + $1 * ($1 - 1) * ($1 - 2) } * d3
            e[2] = p * (nodes - ni) * (ni - 1)
            v[2] = e[2] * q + 2 * ((ni - 1) * choose2(nodes - ni) + (nodes - ni) * choose2(ni - 1)) * d3
            e[3] = e[2]
            v[3] = v[2]
            let sumOthers = others.reduce(0, +)
            e[4] = p * (sumOthers * sumOthers - others.reduce(0) { $0 + $1 * $1 })
            v[4] = e[4] * q + 4 * others.reduce(0) { $0 + $1 * choose2(nodes - $1 - ni) * d3 }
            e[5] = p * (nodes - 1) * (nodes - 2)
            v[5] = e[5] * q + 2 * (nodes - 1) * (nodes - 2) * (nodes - 3) * d3
            groupExpected.append(e)
            groupVariance.append(v)
        }
        var expected: [[Double]] = [], z: [[Double]] = []
        for node in 0 ..< n {
            let group = groupIndex[groups[node]]!
            let e = groupExpected[group]
            let values = (0 ..< 5).map { counts[$0][node] } + [total[node]]
            expected.append(e)
            z.append((0 ..< 6).map { (values[$0] - e[$0]) / groupVariance[group][$0].squareRoot() })
        }
        result.expected = expected
        result.z = z

        // Whole-network moments (sna's egbr, vgbr).
        let s = sizes
        var ge = [Double](repeating: 0, count: 6), gv = [Double](repeating: 0, count: 6)
        let d4 = d * d * d * d * (1 - d) * (1 - d)
        let d5 = d * d * d * d * d * (1 - d)
        ge[0] = p * s.reduce(0) { $0 + $1 * ($1 - 1) * ($1 - 2) }
        gv[0] = ge[0] * q + s.reduce(0) { $0 + $1 * ($1 - 1) * ($1 - 2) * ((4 * $1 - 10) * d3 - 4 * ($1 - 3) * d4 + ($1 - 3) * d5) }
        ge[1] = p * s.reduce(0) { $0 + $1 * (nodes - $1) * ($1 - 1) }
        var outer = 0.0
        for x in s { for y in s { outer += x * y * (x - 1) * ((2 * x + 2 * y - 6) * d3 + (nodes - x - 1) * d5) } }
        gv[1] = ge[1] * q + (outer - s.reduce(0) { $0 + $1 * $1 * ($1 - 1) * ((4 * $1 - 6) * d3 + (nodes - $1 - 1) * d5) })
        ge[2] = p * s.reduce(0) { $0 + $1 * (nodes - $1) * ($1 - 1) }
        gv[2] = ge[2] * q + s.reduce(0) { $0 + $1 * (nodes - $1) * ($1 - 1) * ((nodes - 3) * d3 + ($1 - 2) * d5) }
        ge[3] = ge[2]
        gv[3] = gv[2]
        var liaisonOuter = 0.0
        for x in s { for y in s { liaisonOuter += x * y * (nodes - x - y) } }
        ge[4] = p * (liaisonOuter - s.reduce(0) { $0 + $1 * $1 * (nodes - 2 * $1) })
        gv[4] = ge[4] * q
        for i in s.indices { for j in s.indices { for k in s.indices where i != j && j != k && i != k {
            gv[4] += s[i] * s[j] * s[k] * ((4 * (nodes - s[j]) - 2 * (s[i] + s[k] + 1)) * d3
                - (4 * (nodes - s[k]) - 2 * (s[i] + s[j] + 1)) * d4 + (nodes - (s[i] + s[k] + 1)) * d5)
        } } }
        ge[5] = p * nodes * (nodes - 1) * (nodes - 2)
        gv[5] = ge[5] * q + nodes * (nodes - 1) * (nodes - 2) * ((4 * nodes - 10) * d3 - 4 * (nodes - 3) * d4 + (nodes - 3) * d5)
        result.globalExpected = ge
        result.globalZ = (0 ..< 6).map { (globalCounts[$0] - ge[$0]) / gv[$0].squareRoot() }
        return result
    }

    /// The role of `v` on the two-path `a → v → b`, from the three nodes' groups.
    @inline(__always)
    static func role(_ groupA: Int32, _ groupV: Int32, _ groupB: Int32) -> Role {
        if groupA == groupV { return groupV == groupB ? .coordinator : .representative }
        if groupV == groupB { return .gatekeeper }
        return groupA == groupB ? .itinerant : .liaison
    }

    /// Full-credit counts without visiting two-paths one by one.
    ///
    /// Every node `v` brokers the open two-paths `a → v → b` (`a ≠ b`, no tie `a → b`) among its in- and
    /// out-neighbours. All two-paths through `v`, open or closed, are counted per role from the number of `v`'s
    /// in- and out-neighbours in each group (`a` in group g and `b` in group h give `in_g · out_h` pairs, less
    /// the `a = b` pairs when g = h): O(in(v) + out(v)). The closed ones (`a → b` tied) are then subtracted by
    /// visiting each tie `a → b` and the common neighbours `v` with `a → v → b`, scanning the shorter of
    /// `out(a)` and `in(b)`. So a department node tied to all its 100,000 officials costs 100,000 steps, not
    /// 10^10 pairs. Counts are whole numbers, identical to counting two-paths one by one.
    /// - Complexity: O(m + Σ_(a→b) min(out(a), in(b)) · log n).
    static func fullCreditCounts(_ graph: AnalysisGraph, groups: [Int32]) -> [[Double]] {
        let n = graph.nodeCount
        // Dense group indices, so per-group tallies are arrays.
        var denseIndex = [Int32: Int32]()  // lookup only; never iterated
        let dense = groups.map { code -> Int32 in
            if let index = denseIndex[code] { return index }
            let index = Int32(denseIndex.count)
            denseIndex[code] = index
            return index
        }
        var counts = [[Int]](repeating: [Int](repeating: 0, count: n), count: 5)

        // All two-paths a → v → b with a ≠ b, by role.
        var inCount = [Int](repeating: 0, count: denseIndex.count)
        var outCount = [Int](repeating: 0, count: denseIndex.count)
        var bothCount = [Int](repeating: 0, count: denseIndex.count)  // nodes that are both a predecessor and a successor
        var touched: [Int32] = []
        for v in 0 ..< n {
            let ins = graph.inRange(v), outs = graph.outRange(v)
            guard !ins.isEmpty, !outs.isEmpty else { continue }
            for position in ins {
                let group = dense[Int(graph.inSources[position])]
                if inCount[Int(group)] == 0 && outCount[Int(group)] == 0 { touched.append(group) }
                inCount[Int(group)] += 1
            }
            for position in outs {
                let group = dense[Int(graph.outTargets[position])]
                if inCount[Int(group)] == 0 && outCount[Int(group)] == 0 { touched.append(group) }
                outCount[Int(group)] += 1
            }
            // Nodes in both lists (sorted by index): the a = b pairs to leave out.
            var i = ins.lowerBound, o = outs.lowerBound
            while i < ins.upperBound && o < outs.upperBound {
                let a = graph.inSources[i], b = graph.outTargets[o]
                if a < b { i += 1 } else if b < a { o += 1 } else {
                    bothCount[Int(dense[Int(a)])] += 1
                    i += 1
                    o += 1
                }
            }
            let own = Int(dense[v])
            let inOwn = inCount[own], outOwn = outCount[own]
            let inOther = ins.count - inOwn, outOther = outs.count - outOwn
            var sameOtherGroup = 0, sameOtherGroupBoth = 0
            for group in touched where Int(group) != own {
                sameOtherGroup += inCount[Int(group)] * outCount[Int(group)]
                sameOtherGroupBoth += bothCount[Int(group)]
            }
            counts[Role.coordinator.rawValue][v] = inOwn * outOwn - bothCount[own]
            counts[Role.representative.rawValue][v] = inOwn * outOther
            counts[Role.gatekeeper.rawValue][v] = inOther * outOwn
            counts[Role.itinerant.rawValue][v] = sameOtherGroup - sameOtherGroupBoth
            counts[Role.liaison.rawValue][v] = inOther * outOther - sameOtherGroup
            for group in touched {
                inCount[Int(group)] = 0
                outCount[Int(group)] = 0
                bothCount[Int(group)] = 0
            }
            touched.removeAll(keepingCapacity: true)
        }

        // Less the closed two-paths: for each tie a → b, every v with a → v and v → b.
        var mark = [Int32](repeating: -1, count: n)  // mark[v] == a: a → v
        for a in 0 ..< n {
            let outsA = graph.outRange(a)
            for position in outsA { mark[Int(graph.outTargets[position])] = Int32(a) }
            for position in outsA {
                let b = Int(graph.outTargets[position])
                let insB = graph.inRange(b)
                if insB.count <= outsA.count {
                    for second in insB {
                        let v = Int(graph.inSources[second])
                        if mark[v] == Int32(a) { counts[role(groups[a], groups[v], groups[b]).rawValue][v] -= 1 }
                    }
                } else {
                    for first in outsA {
                        let v = Int(graph.outTargets[first])
                        if v != b && graph.hasTie(v, Int32(b)) { counts[role(groups[a], groups[v], groups[b]).rawValue][v] -= 1 }
                    }
                }
            }
        }
        return counts.map { $0.map(Double.init) }
    }

    /// Partial-credit counts, by visiting every two-path `a → v → b`.
    /// - Complexity: O(Σ_v in(v) · out(v)).
    static func partialCreditCounts(_ graph: AnalysisGraph, groups: [Int32]) -> [[Double]] {
        let n = graph.nodeCount
        var counts = [[Double]](repeating: [Double](repeating: 0, count: n), count: 5)
        var mark = [Int32](repeating: -1, count: n)       // mark[x] == a: x is a or a successor of a
        var brokers = [Int32](repeating: 0, count: n)     // brokers of (a, b)
        var touched: [Int32] = []
        for a in 0 ..< n {
            let source = Int32(a)
            mark[a] = source
            for position in graph.outRange(a) { mark[Int(graph.outTargets[position])] = source }
            for position in graph.outRange(a) {
                let v = Int(graph.outTargets[position])
                for second in graph.outRange(v) {
                    let b = Int(graph.outTargets[second])
                    if mark[b] == source { continue }
                    if brokers[b] == 0 { touched.append(Int32(b)) }
                    brokers[b] += 1
                }
            }
            for position in graph.outRange(a) {
                let v = Int(graph.outTargets[position])
                for second in graph.outRange(v) {
                    let b = Int(graph.outTargets[second])
                    if mark[b] == source { continue }
                    counts[role(groups[a], groups[v], groups[b]).rawValue][v] += 1 / Double(brokers[b])
                }
            }
            for b in touched { brokers[Int(b)] = 0 }
            touched.removeAll(keepingCapacity: true)
        }
        return counts
    }
}

/// Krackhardt & Stern's (1988) E–I index: `(E − I) / (E + I)` over ties with at least one end in a group,
/// `E` those leaving the group, `I` those inside it; from −1 (all ties internal) to +1 (all external).
public enum EIIndex {
    /// One group's ties and index (NaN without ties).
    public struct Group: Sendable, Equatable, Codable {
        public var code: Int32
        public var members: Int
        public var internalTies: Int
        public var externalTies: Int
        public var index: Double
    }

    /// The E–I index of each group (ordered by code) and of the whole network (`E`: ties between groups).
    /// Each tie counts once (a directed tie in its direction; an undirected tie once).
    /// - Complexity: O(n + m + g log g)
    public static func compute(_ graph: AnalysisGraph, groups: [Int32]) -> (groups: [Group], network: Double) {
        var byCode = [Int32: Group]()  // collected, then sorted by code before output
        for code in groups { byCode[code, default: Group(code: code, members: 0, internalTies: 0, externalTies: 0, index: .nan)].members += 1 }
        var internalTotal = 0, externalTotal = 0
        for source in 0 ..< graph.nodeCount {
            for position in graph.outRange(source) {
                let target = Int(graph.outTargets[position])
                if !graph.isDirected && target < source { continue }
                let a = groups[source], b = groups[target]
                if a == b {
                    byCode[a]!.internalTies += 1
                    internalTotal += 1
                } else {
                    byCode[a]!.externalTies += 1
                    byCode[b]!.externalTies += 1
                    externalTotal += 1
                }
            }
        }
        let list = byCode.values.sorted { $0.code < $1.code }.map { group -> Group in
            var group = group
            let all = group.internalTies + group.externalTies
            group.index = all == 0 ? .nan : Double(group.externalTies - group.internalTies) / Double(all)
            return group
        }
        let all = internalTotal + externalTotal
        return (list, all == 0 ? .nan : Double(externalTotal - internalTotal) / Double(all))
    }
}
