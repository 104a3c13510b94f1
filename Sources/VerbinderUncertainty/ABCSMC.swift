import Foundation
import VerbinderCore
import VerbinderSupport

/// Approximate Bayesian computation by sequential Monte Carlo (ABC-SMC, population Monte Carlo): Beaumont,
/// Cornuet, Marin & Robert (2009) with the tolerance of each generation chosen adaptively as a quantile of the
/// previous generation's distances (Del Moral, Doucet & Jasra 2012; Drovandi & Pettitt 2011).
///
/// Generation 0 samples the uniform prior. Each later generation proposes from the previous weighted
/// population moved by a Gaussian kernel with twice its weighted variance per parameter, keeps proposals
/// within the tolerance, and weights them by prior / Σ_j w_j K(θ | θ_j). Proposals are drawn and evaluated in
/// batches from random streams keyed by (seed, generation, proposal), and accepted in proposal order, so the
/// result does not depend on the number of worker threads.
public enum ABCSMC {
    /// How a calibration runs.
    public struct Settings: Sendable {
        /// Accepted particles per generation.
        public var particles: Int
        /// Generations after the prior sample (ABC-SMC); 0 gives rejection ABC.
        public var generations: Int
        /// The tolerance of a generation is this quantile of the previous generation's distances.
        public var quantile: Double
        /// Stop when a generation accepts fewer than this share of its proposals.
        public var minimumAcceptance: Double
        /// Stop once the tolerance is at or below this distance.
        public var targetTolerance: Double
        /// Rejection ABC: prior draws per accepted particle (the closest `particles` of `particles × this` are kept).
        public var rejectionFactor: Int
        public var seed: UInt64

        /// Rejection ABC's prior draws: `particles × rejectionFactor`.
        public var drawCount: Int { particles * max(1, rejectionFactor) }

        public init(particles: Int, generations: Int, quantile: Double = 0.5, minimumAcceptance: Double = 0.02,
                    targetTolerance: Double = 0, rejectionFactor: Int = 5, seed: UInt64) {
            self.particles = particles
            self.generations = generations
            self.quantile = quantile
            self.minimumAcceptance = minimumAcceptance
            self.targetTolerance = targetTolerance
            self.rejectionFactor = rejectionFactor
            self.seed = seed
        }
    }

    /// One accepted parameter vector.
    public struct Particle: Sendable, Equatable {
        public var values: [Double]
        /// Normalised importance weight (weights of a generation sum to 1).
        public var weight: Double
        public var distance: Double
        /// The simulated outputs the distance was computed from (for posterior predictive checks).
        public var outputs: [Double]
    }

    /// One population.
    public struct Generation: Sendable, Equatable {
        /// The tolerance its particles met (infinity for the prior sample).
        public var tolerance: Double
        /// Simulations made to fill it.
        public var proposals: Int
        public var particles: [Particle]

        public var acceptance: Double { proposals > 0 ? Double(particles.count) / Double(proposals) : 0 }
        /// Effective sample size 1 / Σ w².
        public var effectiveSampleSize: Double { 1 / particles.reduce(0) { $0 + $1.weight * $1.weight } }
    }

    /// What a model evaluation returns: the distance to the observations and the outputs behind it.
    public typealias Evaluation = (distance: Double, outputs: [Double])

    /// A calibration part-way through: the completed generations, the evaluations made, and the generation in
    /// progress. What comes next (``nextBatch(_:settings:)``) depends only on this, the settings and the seed, so
    /// an interrupted calibration continues from it exactly as if it had not stopped, and a batch can be evaluated
    /// anywhere, in any number of parts, and absorbed in proposal order (``absorb(_:_:results:factors:settings:)``).
    public struct State: Sendable, Equatable {
        public var generations: [Generation]
        /// Evaluations (simulations) made so far, the generation in progress included.
        public var evaluated: Int
        /// The accepted particles of the generation in progress (not yet weighted), in proposal order.
        public var accepted: [Particle]
        /// Proposals of the generation in progress considered so far.
        public var proposals: Int
        /// Whether the calibration ended because a generation could not be filled within the proposal limit.
        public var exhausted: Bool

        public init(generations: [Generation] = [], evaluated: Int = 0, accepted: [Particle] = [], proposals: Int = 0, exhausted: Bool = false) {
            self.generations = generations
            self.evaluated = evaluated
            self.accepted = accepted
            self.proposals = proposals
            self.exhausted = exhausted
        }
    }

    /// A batch of proposals to evaluate: proposals `firstProposal ..< firstProposal + count` of `generation`, the
    /// k-th of them evaluation `firstEvaluation + k`.
    public struct Batch: Sendable, Equatable {
        public var generation: Int
        public var firstProposal: Int
        public var count: Int
        public var firstEvaluation: Int
        /// The tolerance proposals must meet (infinity for the prior sample).
        public var tolerance: Double

        /// The proposals of the batch.
        public var proposals: Range<Int> { firstProposal ..< firstProposal + count }
    }

    /// The batch that comes next, or nil when the calibration has ended: all generations made, a stopping rule
    /// holds (too low an acceptance, the target tolerance reached, a tolerance that no longer falls), or a
    /// generation could not be filled.
    public static func nextBatch(_ state: State, settings: Settings) -> Batch? {
        guard !state.exhausted else { return nil }
        let t = state.generations.count
        if t == 0 {
            let count = settings.generations == 0 ? settings.drawCount : settings.particles
            return Batch(generation: 0, firstProposal: 0, count: count, firstEvaluation: state.evaluated, tolerance: .infinity)
        }
        guard t <= settings.generations else { return nil }
        let previous = state.generations[t - 1]
        if t > 1 && (previous.acceptance < settings.minimumAcceptance || previous.tolerance <= settings.targetTolerance) { return nil }
        guard let quantile = quantile(previous.particles.map(\.distance).filter(\.isFinite).sorted(), settings.quantile) else { return nil }
        let tolerance = max(quantile, settings.targetTolerance)
        if tolerance >= previous.tolerance && t > 1 { return nil }
        let count = min(settings.particles, maxProposals(settings) - state.proposals)
        return Batch(generation: t, firstProposal: state.proposals, count: count, firstEvaluation: state.evaluated, tolerance: tolerance)
    }

    /// The most proposals a generation makes before the calibration gives up on it.
    static func maxProposals(_ settings: Settings) -> Int {
        Int((Double(settings.particles) / max(settings.minimumAcceptance, 1e-6)).rounded(.up))
    }

    /// The parameter values of proposal `p` (numbered within its generation, so `batch.proposals` holds it) of
    /// `batch`, the batch ``nextBatch(_:settings:)`` gave for `state`: a prior draw in generation 0, else a parent
    /// of the previous generation moved by the Gaussian kernel, from random streams keyed by (seed, generation,
    /// proposal). Proposal `p` is evaluation `batch.firstEvaluation + p − batch.firstProposal`.
    public static func proposer(_ batch: Batch, state: State, factors: [UncertainFactor], settings: Settings) -> @Sendable (Int) -> [Double] {
        guard batch.generation > 0 else { return { k in priorDraw(k, factors: factors, seed: settings.seed) } }
        let previous = state.generations[batch.generation - 1]
        let scales = kernelScales(previous, dimensions: factors.count)
        let cumulative = cumulativeWeights(previous)
        return { k in
            var random = Xoshiro256(seed: settings.seed, stream: UInt64(batch.generation), UInt64(k))
            while true {
                let parent = previous.particles[pick(cumulative, random.nextUnit())]
                let moved = zip(parent.values, scales).map { $0 + $1 * normal(&random) }
                if zip(moved, factors).allSatisfy({ $0 >= $1.lower && $0 <= $1.upper }) { return moved }
            }
        }
    }

    /// The state after `batch` was evaluated (`results` in proposal order): its accepted proposals are added in
    /// order until the generation is full, which then gets its importance weights (prior / Σ_j w_j K(θ | θ_j)); the
    /// prior sample is complete at once (rejection ABC keeps its closest draws).
    public static func absorb(_ state: State, _ batch: Batch, results: [(values: [Double], evaluation: Evaluation)],
                              factors: [UncertainFactor], settings: Settings) -> State {
        precondition(results.count == batch.count && batch.generation == state.generations.count)
        var next = state
        next.evaluated += batch.count
        if batch.generation == 0 {
            next.generations.append(settings.generations == 0 ? rejection(results, particles: settings.particles)
                : Generation(tolerance: .infinity, proposals: batch.count,
                             particles: results.map { Particle(values: $0.values, weight: 1 / Double(results.count),
                                                                  distance: $0.evaluation.distance, outputs: $0.evaluation.outputs) }))
            return next
        }
        for (offset, result) in results.enumerated() where next.accepted.count < settings.particles {
            if result.evaluation.distance <= batch.tolerance {
                next.accepted.append(Particle(values: result.values, weight: 0, distance: result.evaluation.distance,
                                              outputs: result.evaluation.outputs))
            }
            next.proposals = batch.firstProposal + offset + 1
        }
        guard next.accepted.count == settings.particles else {
            if next.proposals >= maxProposals(settings) { next.exhausted = true }
            return next
        }
        let previous = state.generations[batch.generation - 1]
        let scales = kernelScales(previous, dimensions: factors.count)
        var accepted = next.accepted
        let raw = accepted.map { particle in
            1 / previous.particles.reduce(0.0) { sum, parent in sum + parent.weight * kernelDensity(particle.values, parent.values, scales) }
        }
        let total = raw.reduce(0, +)
        for i in accepted.indices { accepted[i].weight = raw[i] / total }
        next.generations.append(Generation(tolerance: batch.tolerance, proposals: next.proposals, particles: accepted))
        next.accepted = []
        next.proposals = 0
        return next
    }

    /// Runs ABC-SMC over `factors` (uniform priors on their ranges): batch after batch from
    /// ``nextBatch(_:settings:)``, each evaluated on `jobs` threads and absorbed in proposal order.
    /// - Parameters:
    ///   - simulate: evaluates parameter values; the second argument numbers the evaluation (0, 1, 2, ... over
    ///     the whole run), for models that draw their own noise.
    ///   - progress: called after each generation with (generation, tolerance, acceptance).
    ///   - resume: the state an earlier, interrupted run of the same calibration reached.
    ///   - completed: called after each completed generation (the prior sample included) with the state to
    ///     resume from, e.g. to store it.
    /// - Returns: the generations, the last one the posterior sample.
    public static func run(factors: [UncertainFactor], settings: Settings, jobs: Int,
                           simulate: @escaping @Sendable ([Double], Int) throws -> Evaluation,
                           progress: (@Sendable (Int, Double, Double) -> Void)? = nil,
                           resume: State? = nil,
                           completed: ((State) throws -> Void)? = nil) throws -> [Generation] {
        precondition(!factors.isEmpty && settings.particles >= 2)
        var state = resume ?? State()
        while let batch = nextBatch(state, settings: settings) {
            let propose = proposer(batch, state: state, factors: factors, settings: settings)
            let results = try evaluateBatch(count: batch.count, first: batch.firstEvaluation, jobs: jobs, simulate: simulate) { k in
                propose(batch.firstProposal + k)
            }
            state = absorb(state, batch, results: results, factors: factors, settings: settings)
            if state.generations.count > batch.generation, let generation = state.generations.last {
                progress?(batch.generation, generation.tolerance, generation.acceptance)
                try completed?(state)
            }
        }
        return state.generations
    }

    /// Prior draw `k` (uniform over the factors' ranges): the same values for the same seed and `k` wherever it is drawn.
    public static func priorDraw(_ k: Int, factors: [UncertainFactor], seed: UInt64) -> [Double] {
        var random = Xoshiro256(seed: seed, stream: 0, UInt64(k))
        return factors.map { $0.value(atUnit: random.nextUnit()) }
    }

    /// Rejection ABC's population from all its prior draws, in draw order: the `particles` closest draws (ties in
    /// draw order), equally weighted, with the tolerance the farthest of them met.
    public static func rejection(_ draws: [(values: [Double], evaluation: Evaluation)], particles: Int) -> Generation {
        let kept = draws.enumerated().sorted { ($0.element.evaluation.distance, $0.offset) < ($1.element.evaluation.distance, $1.offset) }
            .prefix(particles).map(\.element)
        return Generation(tolerance: kept.last?.evaluation.distance ?? .infinity, proposals: draws.count,
                          particles: kept.map { Particle(values: $0.values, weight: 1 / Double(kept.count),
                                                         distance: $0.evaluation.distance, outputs: $0.evaluation.outputs) })
    }

    /// Evaluates `count` proposals (`propose(k)` gives proposal k's values) on `jobs` threads, in order.
    private static func evaluateBatch(count: Int, first: Int, jobs: Int,
                                      simulate: @escaping @Sendable ([Double], Int) throws -> Evaluation,
                                      propose: @escaping @Sendable (Int) -> [Double]) throws -> [(values: [Double], evaluation: Evaluation)] {
        try parallelMap(count, threads: jobs) { k throws -> (values: [Double], evaluation: Evaluation) in
            let values = propose(k)
            return (values, try simulate(values, first + k))
        }
    }

    /// Kernel standard deviation per parameter: √(2 × weighted variance) (Beaumont et al. 2009).
    static func kernelScales(_ generation: Generation, dimensions: Int) -> [Double] {
        (0 ..< dimensions).map { d in
            let m = generation.particles.reduce(0) { $0 + $1.weight * $1.values[d] }
            let v = generation.particles.reduce(0) { $0 + $1.weight * ($1.values[d] - m) * ($1.values[d] - m) }
            return max((2 * v).squareRoot(), 1e-12)
        }
    }

    static func kernelDensity(_ x: [Double], _ centre: [Double], _ scales: [Double]) -> Double {
        var exponent = 0.0, norm = 1.0
        for d in x.indices {
            let z = (x[d] - centre[d]) / scales[d]
            exponent += z * z
            norm *= scales[d]
        }
        return exp(-0.5 * exponent) / norm
    }

    static func cumulativeWeights(_ generation: Generation) -> [Double] {
        var sum = 0.0
        return generation.particles.map { sum += $0.weight; return sum }
    }

    static func pick(_ cumulative: [Double], _ u: Double) -> Int {
        let target = u * (cumulative.last ?? 1)
        var low = 0, high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] > target { high = mid } else { low = mid + 1 }
        }
        return low
    }

    /// A standard normal draw (Box–Muller).
    static func normal(_ random: inout Xoshiro256) -> Double {
        let u1 = max(random.nextUnit(), 1e-300), u2 = random.nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    static func quantile(_ sorted: [Double], _ q: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down)), upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }
}

/// Weighted quantile of `values` (weights need not be normalised): the smallest value whose cumulative weight
/// reaches `q` of the total.
public func weightedQuantile(_ values: [Double], weights: [Double], _ q: Double) -> Double {
    let order = values.indices.sorted { values[$0] < values[$1] }
    let total = weights.reduce(0, +)
    var cumulative = 0.0
    for i in order {
        cumulative += weights[i]
        if cumulative >= q * total { return values[i] }
    }
    return order.last.map { values[$0] } ?? .nan
}
