import Foundation
import VerbinderCore
import VerbinderScenario
import VerbinderSupport
import VerbinderUncertainty

/// The model described for others: the ODD protocol's seven elements (Grimm et al. 2020, "The ODD protocol for
/// describing agent-based and other simulation models: a second update"), filled from the parameter catalogue,
/// a scenario's resolved settings, the submodel text (``Submodels``) and the pattern catalogue, with a
/// TRACE-style appendix (Grimm et al. 2014) of the tests and the sensitivity and calibration runs given.
///
/// The document is built once as sections of blocks and written as Markdown or as offline HTML (no scripts,
/// every text escaped). The same inputs give the same bytes.
public struct ODDDocument: Sendable {
    /// A piece of a section.
    public enum Block: Sendable, Equatable {
        /// Plain text.
        case text(String)
        /// Text with inline Markdown (`code`, **bold**, *emphasis*): the submodel descriptions.
        case markdown(String)
        case table(header: [String], rows: [[String]])
        case list([String])
        /// A list whose items have inline Markdown.
        case markdownList([String])
        case subheading(String)
    }

    public struct Section: Sendable, Equatable {
        public var title: String
        public var blocks: [Block]
    }

    public var title: String
    public var sections: [Section]

    /// The seven ODD elements' headings, in order.
    public static let elementTitles = [
        "1. Purpose and patterns",
        "2. Entities, state variables and scales",
        "3. Process overview and scheduling",
        "4. Design concepts",
        "5. Initialisation",
        "6. Input data",
        "7. Submodels",
    ]

    /// Builds the document of `scenario` (built into `network`).
    /// - Parameters:
    ///   - patterns: the pattern checks to list with their status (the catalogue, plus any user patterns).
    ///   - tests: the test suites found (``TestSuiteRecord/scan(directory:)``); empty when none were read.
    ///   - studies: sensitivity and calibration runs to cite with their store hashes.
    public init(scenario: Scenario, network: ScenarioNetwork, patterns: [Pattern] = Pattern.catalogue, tests: [TestSuiteRecord] = [],
                testsDirectory: String? = nil, studies: [StudyRecord] = []) {
        title = "ODD description of Verbinder \(verbinderVersion) for the scenario \(scenario.name)"
        let summary = NetworkSummary(scenario: scenario, network: network)
        sections = [
            Self.purpose(scenario, patterns),
            Self.entities(scenario, summary),
            Self.process(scenario),
            Self.designConcepts(),
            Self.initialisation(scenario),
            Self.inputData(scenario),
            Self.submodels(scenario),
            Self.trace(patterns, tests, testsDirectory, studies),
        ]
    }

    // MARK: The seven elements

    static func purpose(_ scenario: Scenario, _ patterns: [Pattern]) -> Section {
        var blocks: [Block] = [
            .text("Verbinder simulates how neighbourhood connectors (wijkverbinders; here: \(scenario.connectorTitle)) connect residents and "
                  + "the municipal organisation in four roles — fixer, innovative entrepreneur, bridge builder, mediator — in both directions "
                  + "(the eight cells of the thesis' praatplaat), and what positioning, capacity, escalation and interventions do to "
                  + "the share of requests connected, dropped and unvoiced, the connectors' workload and departments' trust "
                  + "(Buzing 2024 master thesis; the Platform31 publication on organisation forms of neighbourhood-oriented working; "
                  + "the Den Helder policy note). Its users are transition managers testing positioning scenarios before a "
                  + "reorganisation and researchers running stakeholder analyses and reproducible experiments."),
        ]
        if let description = scenario.description?.trimmingCharacters(in: .whitespacesAndNewlines) { blocks.append(.text("The scenario: \(description)")) }
        blocks.append(.text("Patterns the model is checked against (a calibration target was in view when the "
                            + "defaults were chosen, so a match says little; a validation prediction was not tuned for):"))
        blocks.append(.table(header: ["pattern", "finding", "source", "status"],
                             rows: patterns.map { [$0.name, $0.finding, $0.source, $0.role] }))
        return Section(title: elementTitles[0], blocks: blocks)
    }

    static func entities(_ scenario: Scenario, _ summary: NetworkSummary) -> Section {
        let stateVariables: [String: String] = [
            "resident": "neighbourhood, activity (usual suspect, average, hard to reach)",
            "residentGroup": "neighbourhood, members",
            "partner": "neighbourhood, organisation",
            "official": "department, function (policy, execution, supervision, political)",
            "department": "policy domain, cluster, officials, barriers (standardisation, internal orientation, function-specific, result orientation); per connector: trust, familiarity, open requests, recent escalations against it",
            "manager": "level (team or cluster), department or cluster",
            "alderman": "portfolio, whether the connectors are in it",
            "connector": "home department, neighbourhoods, hours per week, role emphasis, queue, busy hours, knowledge of the organisation, bridges built",
            "transitionManager": "present or not (intervention)",
            "neighbourhood": "residents, hard-to-reach and usual-suspect shares, residents' trust",
            "theme": "policy theme linking departments and aldermen",
        ]
        let kinds = summary.nodesByKind.filter { $0.count > 0 }
        return Section(title: elementTitles[1], blocks: [
            .text("Entities are the actors of the stakeholder network, in three arenas (municipal organisation, professional network, "
                  + "lifeworld), and the requests that pass between them. The network of this scenario has \(summary.nodes) actors and "
                  + "\(summary.edges) ties."),
            .table(header: ["actor kind", "number", "state variables"],
                   rows: kinds.map { [$0.name, "\($0.count)", stateVariables[$0.name] ?? ""] }),
            .table(header: ["arena", "actors"], rows: summary.nodesByArena.map { [$0.name, "\($0.count)"] }),
            .text("Neighbourhoods: \(scenario.neighbourhoods.count) with \(scenario.residentCount) residents; state: residents' trust "
                  + "(starts at ½). Departments: \(scenario.departments.count) with \(scenario.officialCount) officials. A request has "
                  + "a role, a direction (from residents or from officials), a neighbourhood, a department, extra policy domains, an "
                  + "urgency and its own random stream."),
            .subheading("Connectors"),
            .table(header: ["connector", "home department", "neighbourhoods", "hours per week", "role emphasis (fixer, entrepreneur, bridge builder, mediator)"],
                   rows: scenario.connectors.map { connector in
                       let emphasis = connector.roleEmphasis
                       return [connector.name, connector.homeDepartment, connector.neighbourhoods.joined(separator: ", "),
                               formatNumber(connector.hoursPerWeek, .significant),
                               [emphasis.fixer, emphasis.entrepreneur, emphasis.bridgeBuilder, emphasis.mediator]
                                   .map { formatNumber($0, .significant) }.joined(separator: ", ")]
                   }),
            .text("Scales: time runs continuously in working hours (8-hour days, 40-hour weeks) for \(scenario.run.weeks) weeks; weekly "
                  + "bookkeeping at each week's end. Space is not modelled beyond neighbourhoods: a request belongs to one "
                  + "neighbourhood and one or more policy domains."),
        ])
    }

    static func process(_ scenario: Scenario) -> Section {
        Section(title: elementTitles[2], blocks: [
            .text("A discrete-event simulation: events (a request arrives, a connector finishes work, a department answers, an "
                  + "escalation returns, a week ends) are processed in time order, ties by the order they were scheduled. Each "
                  + "request passes through the steps below (element 7 gives each in full). At each week's end: deadlines of "
                  + "waiting requests are checked (dropped for lack of capacity, conflicts timed out), own budgets are refilled, "
                  + "residents' trust drifts back towards ½, the memory of escalations fades, bridges fade, and the week's totals "
                  + "are recorded. An intervention acts from the start of its week on."),
            .list(Submodels.steps.map { Submodels.parts(of: $0).title }),
            .text("Each of the \(scenario.run.replications) replications is independent, with a seed derived from the scenario's seed "
                  + "\(scenario.run.seed) and its index; results are identical for any number of threads."),
        ])
    }

    static func designConcepts() -> Section {
        Section(title: elementTitles[3], blocks: [.table(header: ["concept", "in Verbinder"], rows: [
            ["basic principles", "boundary spanning (Thompson's institutional, managerial and technical levels); the four connecting roles of the Buzing 2024 master thesis; the Platform31 publication's five sliders; the barriers of Nederhand et al. 2019 (thesis Table 12)"],
            ["emergence", "praatplaat success rates, the share of requests connected, dropped and unvoiced, utilisation, the trust each department ends with, the bridges that let the connector step out"],
            ["adaptation", "connectors escalate a refusal or not (reluctance, politics); officials choose the connector or the direct route by familiarity and trust"],
            ["objectives", "none explicit: actors follow the stated decision rules"],
            ["learning", "the connector's knowledge of the organisation grows with every answer fetched from a department"],
            ["prediction", "none"],
            ["sensing", "officials know their department's trust in and familiarity with the connectors; residents their neighbourhood's trust"],
            ["interaction", "requests between residents, connectors, departments, managers and aldermen; bridges as direct ties between an official and residents"],
            ["stochasticity", "Poisson arrivals per source; every decision from the request's own random stream (common random numbers across experiment arms)"],
            ["collectives", "neighbourhoods, departments and clusters, consultation structures"],
            ["observation", "praatplaat per replication and pooled with 95% intervals, outcome counts and latencies, per connector utilisation and queues, trust and familiarity before and after, weekly series"],
        ])])
    }

    static func initialisation(_ scenario: Scenario) -> Section {
        let policies = scenario.policies
        let sliders = policies.sliders
        let interventions = policies.interventions.isEmpty ? "none"
            : policies.interventions.map { "\($0.kind.name) from week \($0.startWeek)" }.joined(separator: ", ")
        var rows: [[String]] = [
            ["weeks", "\(scenario.run.weeks)"],
            ["replications", "\(scenario.run.replications)"],
            ["seed", "\(scenario.run.seed)"],
            ["profile", policies.profile?.name ?? "none"],
            ["sliders (internal positioning, internal process, residents, politics, communication)",
             [sliders.internalPositioning, sliders.internalProcess, sliders.residents, sliders.politics, sliders.communication]
                .map(\.name).joined(separator: ", ")],
            ["interventions", interventions],
            ["triage", policies.capacity.triage.name],
            ["maximum deferral (weeks)", formatNumber(policies.capacity.maxDeferralWeeks, .significant)],
            ["escalation", "route \(policies.escalation.route.name), \(policies.escalation.alderman.name) alderman, trigger \(policies.escalation.trigger.name), wait \(formatNumber(policies.escalation.waitDays, .significant)) days, reluctance \(formatNumber(policies.escalation.reluctance, .significant))"],
        ]
        rows += scenario.departments.map { department in
            let b = department.barriers
            return ["department \(department.name)",
                    "domain \(department.domain.name), cluster \(department.cluster), \(department.officials.total) officials, barriers "
                        + [b.standardisation, b.internalOrientation, b.functionSpecific, b.resultOrientation]
                        .map { formatNumber($0, .significant) }.joined(separator: ", ")]
        }
        rows += scenario.neighbourhoods.map { place in
            ["neighbourhood \(place.name)", "\(place.residents) residents, hard to reach \(formatNumber(place.hardToReachShare, .significant)), "
                + "usual suspects \(formatNumber(place.usualSuspectShare, .significant)), \(place.initiatives) initiatives, partners "
                + (place.partners.isEmpty ? "none" : place.partners.joined(separator: ", "))]
        }
        let changed = ModelParameters.catalogue.compactMap { parameter -> [String]? in
            guard let value = scenario.model[parameter: parameter.name], value != parameter.defaultValue else { return nil }
            return [parameter.name, formatNumber(value, .significant), formatNumber(parameter.defaultValue, .significant)]
        }
        return Section(title: elementTitles[4], blocks: [
            .text("Every run starts from the scenario's network, generated deterministically from its seed. Trust and familiarity "
                  + "start at the model's initial values, residents' trust at ½ in every neighbourhood, the connectors' knowledge "
                  + "at connectorKnowledge plus knowledgeFromTies times the share of departments they have ties into; queues are empty "
                  + "and no bridges exist. The scenario's resolved settings:"),
            .table(header: ["setting", "value"], rows: rows),
            changed.isEmpty ? .text("The scenario sets no model parameter away from its default.")
                : .table(header: ["parameter set by the scenario", "value", "default"], rows: changed),
        ])
    }

    static func inputData(_ scenario: Scenario) -> Section {
        var text = "The model uses no time-varying external input: requests arise inside the model."
        if let files = scenario.network {
            text += " The network is read from files: edges \(files.edges)" + (files.nodes.map { ", nodes \($0)" } ?? "") + "."
        } else {
            text += " The network is generated from the scenario (neighbourhoods, departments, partners, generation settings)."
        }
        return Section(title: elementTitles[5], blocks: [.text(text)])
    }

    static func submodels(_ scenario: Scenario) -> Section {
        var blocks: [Block] = [.markdown(Submodels.introduction.trimmingCharacters(in: .whitespacesAndNewlines))]
        for step in Submodels.steps {
            let (title, text, items) = Submodels.parts(of: step)
            blocks.append(.subheading(title))
            blocks.append(.markdown(text))
            if !items.isEmpty { blocks.append(.markdownList(items)) }
        }
        blocks.append(.subheading("Parameters"))
        blocks.append(.text("Every number the decisions use, with its default, this scenario's value, the plausible range explored by "
                            + "sensitivity analysis and calibration, and its provenance (assumption: not in the sources)."))
        blocks.append(.table(header: ["parameter", "unit", "default", "scenario", "range", "provenance"],
                             rows: ModelParameters.catalogue.map { parameter in
                                 [parameter.name, parameter.unit, formatNumber(parameter.defaultValue, .significant),
                                  formatNumber(scenario.model[parameter: parameter.name], .significant),
                                  "\(formatNumber(parameter.range.lowerBound, .significant))–\(formatNumber(parameter.range.upperBound, .significant))",
                                  parameter.provenance]
                             }))
        return Section(title: elementTitles[6], blocks: blocks)
    }

    static func trace(_ patterns: [Pattern], _ tests: [TestSuiteRecord], _ testsDirectory: String?, _ studies: [StudyRecord]) -> Section {
        var blocks: [Block] = [.subheading("Model testing")]
        if tests.isEmpty {
            blocks.append(.text("No test folder was read."))
        } else {
            blocks.append(.text("The test suites in \(testsDirectory ?? "the test folder") (\(tests.reduce(0) { $0 + $1.tests }) tests):"))
            blocks.append(.table(header: ["module", "suite", "tests"], rows: tests.map { [$0.module, $0.suite, "\($0.tests)"] }))
        }
        blocks.append(.subheading("Pattern status"))
        blocks.append(.list(patterns.map { "\($0.name): \($0.role)" }))
        blocks.append(.subheading("Sensitivity analyses and calibrations"))
        if studies.isEmpty {
            blocks.append(.text("None cited."))
        } else {
            blocks.append(.table(header: ["run", "kind", "method", "command", "store SHA-256"],
                                 rows: studies.map { [$0.directory, $0.kind, $0.method, $0.command, $0.sha256] }))
        }
        return Section(title: "Appendix: TRACE — testing and analysis", blocks: blocks)
    }
}
