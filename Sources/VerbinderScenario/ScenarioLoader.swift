import Foundation
import VerbinderCore
import VerbinderSupport
import Yams

extension Scenario {
    /// Reads and validates the scenario file at `path`.
    /// - Throws: ``InputError`` with every problem found (file, line, column, key path).
    public static func load(path: String) throws -> Scenario {
        try parse(yaml: try readText(at: path), file: path)
    }

    /// Parses and validates scenario text; `file` names it in messages and anchors relative paths.
    /// - Throws: ``InputError`` with every problem found.
    public static func parse(yaml text: String, file: String) throws -> Scenario {
        try decode(try composeDocument(text, file: file), file: file)
    }

    /// Decodes and validates an already composed YAML document (e.g. one with sweep overrides applied).
    /// - Throws: ``InputError`` with every problem found.
    public static func decode(_ document: Node, file: String) throws -> Scenario {
        let sink = DiagnosticSink(file: file)
        let scenario = ScenarioDecoder(sink: sink, file: file).decode(document)
        if let scenario {
            ReferenceChecker(scenario: scenario, sink: sink, document: document).check()
        }
        guard let scenario, sink.diagnostics.isEmpty else {
            throw InputError(sink.diagnostics.sorted { $0.location < $1.location })
        }
        return scenario
    }
}

/// Parses YAML text into a node tree.
/// - Throws: ``InputError`` with the parser's position and problem.
public func composeDocument(_ text: String, file: String) throws -> Node {
    do {
        guard let node = try Yams.compose(yaml: text) else {
            throw InputError("empty document: expected a scenario mapping", at: SourceLocation(file: file, line: 1))
        }
        return node
    } catch let error as YamlError {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\($0.text): " } ?? ""
            throw InputError("invalid YAML: \(detail)\(problem)", at: SourceLocation(file: file, line: mark.line, column: mark.column))
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams rejects a mapping with a repeated key while composing, marking the key's first occurrence.
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            let what = duplicates.count == 1 ? "key \(keys): it appears" : "keys \(keys): they appear"
            throw InputError("duplicate \(what) more than once in this mapping",
                             at: SourceLocation(file: file, line: context.mark.line, column: context.mark.column))
        default:
            throw InputError("invalid YAML: \(error)", at: SourceLocation(file: file))
        }
    }
}

/// Turns a YAML node tree into a ``Scenario``, reporting type and range problems.
private struct ScenarioDecoder {
    let sink: DiagnosticSink
    let file: String

    func decode(_ document: Node) -> Scenario? {
        guard let root = MappingReader(document, path: KeyPath(), sink: sink) else { return nil }
        defer { root.finish() }
        let name = root.string("name", required: true) ?? ""
        let description = root.string("description")
        let connectorTitle = root.string("connectorTitle") ?? "wijkverbinder"
        let run = decodeRun(root.mapping("run"))
        let themes = root.names("themes").map(\.name)
        let neighbourhoods = root.sequence("neighbourhoods").compactMap(decodeNeighbourhood)
        let departments = root.sequence("departments").compactMap(decodeDepartment)
        let managers = root.sequence("managers").compactMap(decodeManager)
        let aldermen = root.sequence("aldermen").compactMap(decodeAlderman)
        let connectors = root.sequence("connectors").compactMap(decodeConnector)
        let actors = root.sequence("actors").compactMap(decodeActor)
        let ties = root.sequence("ties").compactMap(decodeTie)
        let structures = root.sequence("consultationStructures").compactMap(decodeStructure)
        let generation = decodeGeneration(root.mapping("generation"))
        let network = root.mapping("network").flatMap(decodeNetwork)
        let policies = decodePolicies(root.mapping("policies"), weeks: run.weeks)
        let model = decodeModel(root.mapping("model"))
        if neighbourhoods.isEmpty && departments.isEmpty && actors.isEmpty && network == nil {
            sink.error("a scenario needs neighbourhoods and departments, actors, or a network", at: document, path: KeyPath())
        }
        return Scenario(
            name: name, description: description, connectorTitle: connectorTitle, run: run,
            neighbourhoods: neighbourhoods, departments: departments, themes: themes, managers: managers,
            aldermen: aldermen, connectors: connectors, actors: actors, ties: ties,
            consultationStructures: structures, generation: generation, network: network, policies: policies,
            model: model)
    }

    func decodeRun(_ map: MappingReader?) -> RunSettings {
        defer { map?.finish() }
        return RunSettings(
            weeks: map?.int("weeks", default: 52, in: 1 ... 520) ?? 52,
            seed: UInt64(map?.int("seed", default: 1, in: 0 ... Int.max) ?? 1),
            replications: map?.int("replications", default: 10, in: 1 ... 10_000) ?? 10)
    }

    func decodeNeighbourhood(_ item: (node: Node, path: KeyPath)) -> Neighbourhood? {
        guard let map = MappingReader(item.node, path: item.path, sink: sink) else { return nil }
        defer { map.finish() }
        let hardToReach = map.double("hardToReachShare", default: 0.2, in: 0 ... 1)
        let usualSuspects = map.double("usualSuspectShare", default: 0.1, in: 0 ... 1)
        if hardToReach + usualSuspects > 1 {
            sink.error("hardToReachShare + usualSuspectShare is \(formatNumber(hardToReach + usualSuspects, .exact)): expected at most 1",
                       at: item.node, path: item.path)
        }
        return Neighbourhood(
            name: map.string("name", required: true) ?? "",
            residents: map.int("residents", default: nil, in: 0 ... 50_000_000) ?? 0,
            hardToReachShare: hardToReach,
            usualSuspectShare: usualSuspects,
            initiatives: map.int("initiatives", default: 2, in: 0 ... 100_000) ?? 0,
            partners: map.names("partners").map(\.name))
    }

    func decodeDepartment(_ item: (node: Node, path: KeyPath)) -> Department? {
        guard let map = MappingReader(item.node, path: item.path, sink: sink) else { return nil }
        defer { map.finish() }
        let name = map.string("name", required: true) ?? ""
        var counts = OfficialCounts(policy: 0, execution: 0, supervision: 0, political: 0)
        if let officials = map.mapping("officials") {
            counts.policy = officials.int("policy", default: 0, in: 0 ... 1_000_000) ?? 0
            counts.execution = officials.int("execution", default: 0, in: 0 ... 1_000_000) ?? 0
            counts.supervision = officials.int("supervision", default: 0, in: 0 ... 1_000_000) ?? 0
            counts.political = officials.int("political", default: 0, in: 0 ... 1_000_000) ?? 0
            officials.finish()
        }
        var barriers = Barriers(standardisation: 0.5, internalOrientation: 0.5, functionSpecific: 0.5, resultOrientation: 0.5)
        if let levels = map.mapping("barriers") {
            barriers.standardisation = levels.double("standardisation", default: 0.5, in: 0 ... 1)
            barriers.internalOrientation = levels.double("internalOrientation", default: 0.5, in: 0 ... 1)
            barriers.functionSpecific = levels.double("functionSpecific", default: 0.5, in: 0 ... 1)
            barriers.resultOrientation = levels.double("resultOrientation", default: 0.5, in: 0 ... 1)
            levels.finish()
        }
        return Department(
            name: name, domain: map.choice("domain", default: .services),
            cluster: map.string("cluster") ?? name, officials: counts, barriers: barriers)
    }

    func decodeManager(_ item: (node: Node, path: KeyPath)) -> Manager? {
        guard let map = MappingReader(item.node, path: item.path, sink: sink) else { return nil }
        defer { map.finish() }
        let level: ManagerLevel = map.choice("level", default: .team)
        let manager = Manager(name: map.string("name", required: true) ?? "", level: level,
                              department: map.string("department"), cluster: map.string("cluster"))
        if level == .team && manager.department == nil { map.missing("department") }
        if level == .cluster && manager.cluster == nil { map.missing("cluster") }
        return manager
    }

    func decodeAlderman(_ item: (node: Node, path: KeyPath)) -> Alderman? {
        guard let map = MappingReader(item.node, path: item.path, sink: sink) else { return nil }
        defer { map.finish() }
        return Alderman(name: map.string("name", required: true) ?? "", portfolio: map.names("portfolio").map(\.name),
                        connectorPortfolio: map.bool("connectorPortfolio", default: false))
    }

    func decodeConnector(_ item: (node: Node, path: KeyPath)) -> Connector? {
        guard let map = MappingReader(item.node, path: item.path, sink: sink) else { return nil }
        defer { map.finish() }
        var emphasis = RoleEmphasis.balanced
        if let roles = map.mapping("roleEmphasis") {
            let weights = ConnectorRole.allCases.map { roles.double($0.name, default: 0, in: 0 ... 1000) }
            roles.finish()
            let total = weights.reduce(0, +)
            if total > 0 {
                emphasis = RoleEmphasis(fixer: weights[0] / total, entrepreneur: weights[1] / total,
                                        bridgeBuilder: weights[2] / total, mediator: weights[3] / total)
            } else {
                sink.error("role emphasis must give some weight to at least one role", at: roles.node, path: roles.path)
            }
        }
        let hours = map.double("hoursPerWeek", default: 36, in: 0 ... 80)
        if hours == 0 {
            sink.error("a connector needs some capacity: expected hoursPerWeek above 0", at: map.value("hoursPerWeek"),
                       path: item.path.appending("hoursPerWeek"))
        }
        return Connector(name: map.string("name", required: true) ?? "",
                         homeDepartment: map.string("homeDepartment", required: true) ?? "",
                         neighbourhoods: map.names("neighbourhoods").map(\.name),
                         hoursPerWeek: hours, roleEmphasis: emphasis)
    }

    func decodeActor(_ item: (node: Node, path: KeyPath)) -> Actor? {
        guard let map = MappingReader(item.node, path: item.path, sink: sink) else { return nil }
        defer { map.finish() }
        let kind: NodeKind? = map.optionalChoice("kind")
        if !map.has("kind") { map.missing("kind") }
        let resolvedKind = kind ?? .partner
        return Actor(name: map.string("name", required: true) ?? "", kind: resolvedKind,
                     arena: map.choice("arena", default: resolvedKind.defaultArena),
                     neighbourhood: map.string("neighbourhood"), department: map.string("department"),
                     function: map.optionalChoice("function"), activity: map.optionalChoice("activity"))
    }

    func decodeTie(_ item: (node: Node, path: KeyPath)) -> Tie? {
        guard let map = MappingReader(item.node, path: item.path, sink: sink) else { return nil }
        defer { map.finish() }
        return Tie(from: map.string("from", required: true) ?? "", to: map.string("to", required: true) ?? "",
                   kind: map.choice("kind", default: .tie),
                   weight: map.double("weight", default: 1, in: 0 ... 1_000_000),
                   trust: map.double("trust", default: 0.5, in: 0 ... 1),
                   familiarity: map.double("familiarity", default: 0.5, in: 0 ... 1))
    }

    func decodeStructure(_ item: (node: Node, path: KeyPath)) -> ConsultationStructure? {
        guard let map = MappingReader(item.node, path: item.path, sink: sink) else { return nil }
        defer { map.finish() }
        return ConsultationStructure(name: map.string("name", required: true) ?? "",
                                     kind: map.choice("kind", default: .other),
                                     neighbourhood: map.string("neighbourhood"),
                                     members: map.names("members").map(\.name))
    }

    func decodeGeneration(_ map: MappingReader?) -> Generation {
        defer { map?.finish() }
        return Generation(
            residentTies: map?.double("residentTies", default: 4, in: 0 ... 100) ?? 4,
            initiativeMembership: map?.double("initiativeMembership", default: 0.05, in: 0 ... 1) ?? 0.05,
            colleagueTies: map?.double("colleagueTies", default: 6, in: 0 ... 1000) ?? 6,
            connectorContacts: map?.int("connectorContacts", default: 3, in: 0 ... 1000) ?? 3,
            partnerResidentTies: map?.int("partnerResidentTies", default: 10, in: 0 ... 100_000) ?? 10)
    }

    func decodeNetwork(_ map: MappingReader) -> NetworkFiles? {
        defer { map.finish() }
        let directory = URL(fileURLWithPath: file).deletingLastPathComponent()
        func resolve(_ path: String?) -> String? {
            guard let path else { return nil }
            return path.hasPrefix("/") ? path : directory.appendingPathComponent(path).path
        }
        let nodes = resolve(map.string("nodes")) // read before the guard, or a missing edges key makes it "unknown"
        guard let edges = resolve(map.string("edges", required: true)) else { return nil }
        return NetworkFiles(nodes: nodes, edges: edges)
    }

    /// Reads every parameter of ``ModelParameters/catalogue``; `group.member` names are nested mappings.
    func decodeModel(_ map: MappingReader?) -> ModelParameters {
        var model = ModelParameters()
        guard let map else { return model }
        defer { map.finish() }
        var groups: [(name: String, reader: MappingReader?)] = []
        for parameter in ModelParameters.catalogue {
            let reader: MappingReader?
            if let group = parameter.group {
                if groups.last?.name != group { groups.append((group, map.mapping(group))) }
                reader = groups.last?.reader
            } else {
                reader = map
            }
            guard let reader else { continue }
            let current = model[parameter: parameter.name] ?? parameter.defaultValue
            try? model.set(parameter.name, to: reader.double(parameter.member, default: current, in: parameter.domain))
        }
        for group in groups { group.reader?.finish() }
        return model
    }

    func decodePolicies(_ map: MappingReader?, weeks: Int) -> Policies {
        defer { map?.finish() }
        let profile: Profile? = map?.optionalChoice("profile")
        var sliders = (profile ?? .developing).sliders
        if let explicit = map?.mapping("sliders") {
            sliders.internalPositioning = explicit.choice("internalPositioning", default: sliders.internalPositioning)
            sliders.internalProcess = explicit.choice("internalProcess", default: sliders.internalProcess)
            sliders.residents = explicit.choice("residents", default: sliders.residents)
            sliders.politics = explicit.choice("politics", default: sliders.politics)
            sliders.communication = explicit.choice("communication", default: sliders.communication)
            explicit.finish()
        }
        let capacityMap = map?.mapping("capacity")
        let capacity = CapacityPolicy(
            triage: capacityMap?.choice("triage", default: .firstCome) ?? .firstCome,
            maxDeferralWeeks: capacityMap?.double("maxDeferralWeeks", default: 4, in: 0 ... 520) ?? 4)
        capacityMap?.finish()
        let escalationMap = map?.mapping("escalation")
        let escalation = EscalationPolicy(
            route: escalationMap?.choice("route", default: .none) ?? .none,
            alderman: escalationMap?.choice("alderman", default: .own) ?? .own,
            trigger: escalationMap?.choice("trigger", default: .afterRefusal) ?? .afterRefusal,
            waitDays: escalationMap?.double("waitDays", default: 10, in: 0 ... 365) ?? 10,
            reluctance: escalationMap?.double("reluctance", default: 0.7, in: 0 ... 1) ?? 0.7)
        escalationMap?.finish()
        let interventions: [Intervention] = map?.sequence("interventions").compactMap { item in
            guard let entry = MappingReader(item.node, path: item.path, sink: sink) else { return nil }
            defer { entry.finish() }
            let kind: InterventionKind? = entry.optionalChoice("kind")
            if !entry.has("kind") { entry.missing("kind") }
            let start = entry.int("startWeek", default: 0, in: 0 ... 520) ?? 0
            if start >= weeks {
                sink.error("startWeek \(start) is after the run ends: expected below run.weeks (\(weeks))",
                           at: entry.value("startWeek"), path: item.path.appending("startWeek"))
            }
            return kind.map { Intervention(kind: $0, startWeek: start) }
        } ?? []
        return Policies(profile: profile, sliders: sliders, capacity: capacity, escalation: escalation,
                        interventions: interventions)
    }
}
