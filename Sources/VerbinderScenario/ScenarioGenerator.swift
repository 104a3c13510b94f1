import VerbinderCore

/// Sizes of a synthetic municipality for ``ScenarioGenerator``.
public struct MunicipalitySize: Sendable, Equatable {
    public var residents: Int
    public var neighbourhoods: Int
    public var departments: Int
    public var officials: Int
    public var connectors: Int
    public var seed: UInt64

    public init(residents: Int, neighbourhoods: Int, departments: Int, officials: Int, connectors: Int, seed: UInt64 = 1) {
        self.residents = residents
        self.neighbourhoods = neighbourhoods
        self.departments = departments
        self.officials = officials
        self.connectors = connectors
        self.seed = seed
    }

    /// Problems with the sizes, as messages (empty when they are usable).
    public var problems: [String] {
        var problems: [String] = []
        if residents < 0 { problems.append("--residents must be at least 0") }
        if neighbourhoods < 1 { problems.append("--neighbourhoods must be at least 1") }
        if departments < 1 { problems.append("--departments must be at least 1") }
        if officials < departments { problems.append("--officials must be at least the number of departments") }
        if connectors < 0 { problems.append("--connectors must be at least 0") }
        // The bounds a scenario file has: at most 50,000,000 residents per neighbourhood, 1,000,000 officials of
        // one function per department; and lists short enough to write and read back in seconds.
        if neighbourhoods > 10_000 { problems.append("--neighbourhoods must be at most 10000") }
        if departments > 10_000 { problems.append("--departments must be at most 10000") }
        if connectors > 100_000 { problems.append("--connectors must be at most 100000") }
        if residents > 50_000_000 * max(neighbourhoods, 1) { problems.append("--residents must be at most 50000000 per neighbourhood") }
        if officials > 1_000_000 * max(departments, 1) { problems.append("--officials must be at most 1000000 per department") }
        return problems
    }
}

/// Writes synthetic scenarios of any size with realistic proportions (documented in `docs/scenario-format.md`):
/// neighbourhoods of uneven size, 15–35% hard-to-reach and 5–12% usual-suspect residents, one resident
/// initiative per 2,500 residents, police, welfare, housing and care in every neighbourhood; departments over
/// all policy domains in clusters of five, officials split 30% policy, 55% execution, 12% supervision and
/// 3% political, barrier levels 0.4–0.7; a team manager per department and a cluster manager per cluster;
/// one alderman per three departments, the first holding the connectors' portfolio; connectors in their own
/// department, 36 hours a week, spread over the neighbourhoods in turn.
public enum ScenarioGenerator {
    /// The scenario text (YAML) for a municipality of `size`, deterministic in `size.seed`.
    public static func yaml(_ size: MunicipalitySize) -> String {
        var random = Xoshiro256(seed: size.seed, stream: streamLabel("generate"))
        var lines = [
            "# A synthetic municipality written by `verbinder generate` (seed \(size.seed)): \(size.residents) residents in",
            "# \(size.neighbourhoods) neighbourhoods, \(size.departments) departments with \(size.officials) officials, \(size.connectors) connectors.",
            "# Every number is an assumption at realistic proportions (see docs/scenario-format.md, \"Generated scenarios\").",
            "name: Synthetic \(size.residents) residents",
            "connectorTitle: wijkverbinder",
            "run: {weeks: 52, seed: \(size.seed), replications: 4}",
            "themes: [participation]",
            "neighbourhoods:",
        ]
        // Uneven neighbourhood sizes: weights 0.5–1.5, residents shared out exactly.
        let weights = (0 ..< size.neighbourhoods).map { _ in 0.5 + random.nextUnit() }
        let totalWeight = weights.reduce(0, +)
        var assigned = 0
        for (index, weight) in weights.enumerated() {
            let residents = index == size.neighbourhoods - 1 ? size.residents - assigned
                : Int((Double(size.residents) * weight / totalWeight).rounded(.down))
            assigned += residents
            let hardToReach = 0.15 + 0.2 * random.nextUnit()
            let usual = 0.05 + 0.07 * random.nextUnit()
            lines.append("  - {name: \(neighbourhoodName(index)), residents: \(residents), hardToReachShare: \(decimal(hardToReach)), "
                + "usualSuspectShare: \(decimal(usual)), initiatives: \(max(1, residents / 2500)), partners: [police, welfare, housing, care]}")
        }
        lines.append("departments:")
        let domains = PolicyDomain.allCases.filter { $0 != .participation }
        let clusters = (size.departments + 4) / 5
        // Officials: a small own department for the connectors, the rest shared out by weights 0.7–1.3.
        let own = size.departments == 1 ? size.officials : min(size.officials - (size.departments - 1), max(2, size.officials / size.departments / 10))
        let shares = (1 ..< size.departments).map { _ in 0.7 + 0.6 * random.nextUnit() }
        let shareTotal = shares.reduce(0, +)
        var counts = [own]
        var left = size.officials - own
        for (index, share) in shares.enumerated() {
            let count = index == shares.count - 1 ? left : max(1, Int(Double(size.officials - own) * share / shareTotal))
            counts.append(min(count, left - (shares.count - 1 - index)))
            left -= counts.last!
        }
        var departments: [(name: String, cluster: String)] = []
        for index in 0 ..< size.departments {
            let isOwn = index == 0
            let domain = isOwn ? PolicyDomain.participation : domains[(index - 1) % domains.count]
            let name = isOwn ? "Wijkgericht Werken" : "Afdeling \(index) (\(domain.name))"
            let cluster = "Cluster \(index % clusters + 1)"
            departments.append((name, cluster))
            let officials = counts[index]
            let policy = officials * 30 / 100, supervision = officials * 12 / 100, political = officials * 3 / 100
            let barriers = (0 ..< 4).map { _ in decimal(isOwn ? 0.3 : 0.4 + 0.3 * random.nextUnit()) }
            lines.append("  - {name: \(name), domain: \(domain.name), cluster: \(cluster), "
                + "officials: {policy: \(policy), execution: \(officials - policy - supervision - political), supervision: \(supervision), political: \(political)}, "
                + "barriers: {standardisation: \(barriers[0]), internalOrientation: \(barriers[1]), functionSpecific: \(barriers[2]), resultOrientation: \(barriers[3])}}")
        }
        lines.append("managers:")
        for department in departments {
            lines.append("  - {name: Teammanager \(department.name), level: team, department: \(department.name)}")
        }
        for cluster in 1 ... clusters { lines.append("  - {name: Clustermanager \(cluster), level: cluster, cluster: Cluster \(cluster)}") }
        lines.append("aldermen:")
        let aldermen = max(1, (size.departments + 2) / 3)
        for alderman in 0 ..< aldermen {
            var portfolio = stride(from: alderman, to: size.departments, by: aldermen).map { departments[$0].name }
            if alderman == 0 { portfolio.append("participation") }
            lines.append("  - {name: Wethouder \(alderman + 1), portfolio: [\(portfolio.joined(separator: ", "))]"
                + (alderman == 0 ? ", connectorPortfolio: true}" : "}"))
        }
        lines.append(size.connectors == 0 ? "connectors: []" : "connectors:")
        for connector in 0 ..< size.connectors {
            let areas = stride(from: connector % size.neighbourhoods, to: size.neighbourhoods, by: max(1, size.connectors))
                .map(neighbourhoodName)
            lines.append("  - {name: Wijkverbinder \(connector + 1), homeDepartment: Wijkgericht Werken, "
                + "neighbourhoods: [\(areas.joined(separator: ", "))], hoursPerWeek: 36}")
        }
        lines += [
            "policies:",
            "  profile: developing",
            "  capacity: {triage: firstCome, maxDeferralWeeks: 4}",
            "  escalation: {route: teamManager, trigger: afterRefusal, reluctance: 0.7}",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    private static func neighbourhoodName(_ index: Int) -> String { "Wijk \(index + 1)" }

    private static func decimal(_ value: Double) -> String { String(Double(Int((value * 100).rounded())) / 100) }
}
