import Foundation

/// Burt's (1992) structural-hole measures, as NetworkX 3.6 defines constraint and effective size.
///
/// All four are computed on mutual weights `m(i,j) = a(i,j) + a(j,i)` (NetworkX `mutual_weight`), where
/// `a` is 1 for every tie (unweighted, NetworkX's default) or the tie's weight. So in a directed graph a
/// reciprocated tie weighs twice a one-way tie, and the contacts of `i` are its in- and out-neighbours.
/// With `p(i,j) = m(i,j) / Σ_k m(i,k)` and contacts `j` with `m(i,j) > 0`:
/// - constraint `C(i) = Σ_j (p(i,j) + Σ_q p(i,q) p(q,j))²`;
/// - effective size `E(i) = Σ_j (1 − Σ_q p(i,q) m(j,q) / max_k m(j,k))`;
/// - efficiency `E(i) / N(i)`, `N(i)` the number of contacts (Burt's definition; NetworkX documents it);
/// - hierarchy `H(i) = Σ_j r_j ln r_j / (N ln N)` with `r_j = c(i,j) / (C(i) / N)`, the local constraints'
///   concentration on one contact (Burt 1992, p. 71; not in NetworkX; the reference script computes it from
///   NetworkX's `local_constraint`).
///
/// A node without contacts gets NaN for all four (as NetworkX gives for constraint and effective size);
/// hierarchy is also NaN for a node with one contact (`N ln N = 0`).
public enum StructuralHoles {
    /// The four measures, indexed by node.
    public struct Result: Sendable, Equatable {
        public var constraint: [Double]
        public var effectiveSize: [Double]
        public var efficiency: [Double]
        public var hierarchy: [Double]
    }

    /// Computes all four measures for every node.
    /// - Complexity: O(Σ_(i,j) min(deg(i), deg(j)) · log n) over the ties of the mutual graph, O(n) extra memory.
    public static func compute(_ graph: AnalysisGraph, weighted: Bool = false) -> Result {
        let mutual = graph.mutualGraph(weighted: weighted)
        let n = mutual.nodeCount
        var rowSum = [Double](repeating: 0, count: n)
        var rowMax = [Double](repeating: 0, count: n)
        for node in 0 ..< n {
            for position in mutual.outRange(node) {
                let weight = mutual.outWeights[position]
                rowSum[node] += weight
                rowMax[node] = max(rowMax[node], weight)
            }
        }
        var result = Result(constraint: .init(repeating: .nan, count: n), effectiveSize: .init(repeating: .nan, count: n),
                            efficiency: .init(repeating: .nan, count: n), hierarchy: .init(repeating: .nan, count: n))
        var share = [Double](repeating: 0, count: n)       // p(i, q) for the current i
        var local: [Double] = []
        for i in 0 ..< n where rowSum[i] > 0 {
            let contacts = mutual.outRange(i)
            for position in contacts { share[Int(mutual.outTargets[position])] = mutual.outWeights[position] / rowSum[i] }
            var constraint = 0.0, effectiveSize = 0.0
            local.removeAll(keepingCapacity: true)
            for position in contacts where mutual.outWeights[position] > 0 {
                let j = Int(mutual.outTargets[position])
                var indirect = 0.0, redundancy = 0.0
                // The common contacts q of i and j, in increasing order, from the shorter of the two lists: a
                // department tied to 100,000 officials is scanned from each official's side, not 100,000 times.
                @inline(__always) func add(_ q: Int, _ weight: Double) {
                    let piq = share[q]
                    if piq == 0 { return }
                    indirect += piq * (weight / rowSum[q])   // p(q, j); mutual weights are symmetric
                    redundancy += piq * (weight / rowMax[j])
                }
                if mutual.outRange(j).count <= contacts.count {
                    for second in mutual.outRange(j) { add(Int(mutual.outTargets[second]), mutual.outWeights[second]) }
                } else {
                    for first in contacts {
                        let q = mutual.outTargets[first]
                        if let second = mutual.tiePosition(j, q) { add(Int(q), mutual.outWeights[second]) }
                    }
                }
                let localConstraint = (share[j] + indirect) * (share[j] + indirect)
                local.append(localConstraint)
                constraint += localConstraint
                effectiveSize += 1 - redundancy
            }
            for position in contacts { share[Int(mutual.outTargets[position])] = 0 }
            guard !local.isEmpty else { continue }
            let count = Double(local.count)
            result.constraint[i] = constraint
            result.effectiveSize[i] = effectiveSize
            result.efficiency[i] = effectiveSize / count
            if local.count > 1 {
                var sum = 0.0
                for value in local {
                    let ratio = value / (constraint / count)
                    sum += ratio * log(ratio)
                }
                result.hierarchy[i] = sum / (count * log(count))
            }
        }
        return result
    }
}
