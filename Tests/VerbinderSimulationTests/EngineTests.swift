import Foundation
import Testing
import VerbinderTestSupport
import VerbinderCore
import VerbinderScenario
@testable import VerbinderSimulation

@Suite("Engine data structures")
struct EngineTests {
    @Test("The event heap pops in (time, scheduling order), ties included, like a full sort")
    func heapOrder() {
        var random = Xoshiro256(seed: 7)
        var heap = MinHeap<Event>()
        var all: [Event] = []
        var sequence: UInt64 = 0
        for round in 0 ..< 4_000 {
            // Many equal times, so the sequence has to break ties; pops interleave with inserts.
            sequence += 1
            let event = Event(time: Double(random.nextIndex(below: 50)), sequence: sequence, kind: .arrival, subject: Int32(round))
            heap.insert(event)
            all.append(event)
            if round % 3 == 0, let popped = heap.popMin() {
                #expect(popped == all.min()!)
                all.removeAll { $0.sequence == popped.sequence }
            }
        }
        var rest: [Event] = []
        while let event = heap.popMin() { rest.append(event) }
        #expect(rest.map(\.sequence) == all.sorted().map(\.sequence))
        let rebuilt = MinHeap(all.shuffled(using: &random))
        var copy = rebuilt
        var popped: [UInt64] = []
        while let event = copy.popMin() { popped.append(event.sequence) }
        #expect(popped == all.sorted().map(\.sequence))
    }

    @Test("The event queue pops in (time, scheduling order) when it renumbers its scheduling orders as when it does not")
    func eventQueueRenumbering() {
        var random = Xoshiro256(seed: 13)
        // A limit of 16 scheduling orders renumbers the pending events every few schedules.
        var renumbering = EventQueue(sequenceLimit: 16)
        var plain = EventQueue()
        var orders: ([Int32], [Int32]) = ([], [])
        for round in 0 ..< 3_000 {
            // Few distinct times, so scheduling order breaks many ties.
            let time = Double(round / 50 + random.nextIndex(below: 4))
            renumbering.schedule(.departmentResponse, at: time, subject: Int32(round))
            plain.schedule(.departmentResponse, at: time, subject: Int32(round))
            if renumbering.count >= 12 || random.chance(0.5) {
                orders.0.append(renumbering.next()!.subject)
                orders.1.append(plain.next()!.subject)
            }
        }
        while let event = renumbering.next() { orders.0.append(event.subject) }
        while let event = plain.next() { orders.1.append(event.subject) }
        #expect(orders.0.count == 3_000 && orders.0 == orders.1)
        let event = Event(time: 2, sequence: Event.sequenceLimit - 1, kind: .weekEnd, subject: (1 << 29) - 1)
        #expect(event.sequence == Event.sequenceLimit - 1 && event.kind == .weekEnd && event.subject == (1 << 29) - 1)
        #expect(MemoryLayout<Event>.stride == 16)
    }

    @Test("The request pool keeps every request as it grows, reuses freed slots last freed first, and starts afresh after release")
    func requestPool() {
        func request(_ number: Int) -> Request {
            Request(role: .fixer, direction: .fromResidents, origin: Int32(number), activity: nil, neighbourhood: 0, department: 0,
                    extraDomains: 0, urgency: 0, small: false, arrival: Double(number), random: Xoshiro256(seed: UInt64(number)))
        }
        var pool = RequestPool(capacity: 2)
        #expect((0 ..< 3_000).map { pool.add(request($0)) } == Array(0 ..< 3_000) && pool.count == 3_000)
        #expect(pool.indices.allSatisfy { pool[$0].origin == Int32($0) && pool[$0].arrival == Double($0) })
        pool[7].finished = true
        #expect(pool[7].finished && !pool[8].finished)
        pool.free(7)
        pool.free(11)
        let slots: [Int] = [pool.add(request(5_000)), pool.add(request(5_001)), pool.add(request(5_002))]
        #expect(slots == [11, 7, 3_000])
        #expect(pool[11].origin == 5_000 && pool[7].origin == 5_001 && !pool[7].finished && pool.count == 3_001)
        pool.release()
        #expect(pool.count == 0 && pool.add(request(1)) == 0 && pool[0].origin == 1)
        pool.release()
    }

    @Test("The engine's case counts are those of the enumerations")
    func caseCounts() {
        #expect(roleCount == ConnectorRole.allCases.count)
        #expect(directionCount == RequestDirection.allCases.count)
        #expect(cellCount == PraatplaatCellKey.allCases.count)
        #expect(outcomeCount == Outcome.allCases.count)
    }

    @Test("Whole powers equal pow, 0 and 1 included")
    func wholePowers() {
        var random = Xoshiro256(seed: 5)
        var differences = 0
        for _ in 0 ..< 20_000 {
            let base = random.nextUnit() * 2 - 0.5
            for exponent: Int32 in 0 ... 6 where power(base, exponent) != pow(base, Double(exponent)) { differences += 1 }
        }
        #expect(differences == 0)
        #expect(power(.nan, 0) == 1 && power(0, 0) == 1 && power(-0.0, 1).sign == .minus)
    }

    @Test("A resident\'s place in its neighbourhood gives its activity level")
    func activityFromPlace() throws {
        let scenario = try shippedScenario("den-helder.yaml")
        let network = try NetworkGenerator.build(scenario)
        let setup = SimulationSetup(scenario: scenario, network: network)
        let levels = network.graph.nodes.activity
        #expect(Set(levels.compactMap { $0 }).count == 3)
        var checked = 0
        for hood in setup.neighbourhoods {
            for rank in Int32(0) ..< Int32(hood.residents.count) {
                #expect(setup.activity(ofRank: rank, in: hood) == levels[Int(hood.residents.lowerBound + rank)])
                checked += 1
            }
        }
        #expect(checked == levels.filter { $0 != nil }.count && checked > 1_000)
    }

    @Test("The interaction log counts attempts and successes per edge as a dictionary does, in (source, target, kind) order")
    func interactionLog() {
        func edgeKey(_ source: Int32, _ target: Int32, _ kind: InteractionKind) -> UInt64 {
            UInt64(source) << 32 | UInt64(target) << 2 | UInt64(kind.rawValue)
        }
        var random = Xoshiro256(seed: 3)
        var log = InteractionLog()
        var reference: [UInt64: (attempts: Int, successes: Int)] = [:]
        for _ in 0 ..< 30_000 {
            // Few sources and targets, so edges repeat; the largest node numbers a key holds included.
            let source = random.chance(0.01) ? (1 << 30) - 1 : Int32(random.nextIndex(below: 300))
            let target = random.chance(0.01) ? (1 << 30) - 1 : Int32(random.nextIndex(below: 200))
            let kind: InteractionKind = [.request, .referral, .escalation, .bridge][random.nextIndex(below: 4)]
            let key = edgeKey(source, target, kind)
            let success = random.chance(0.3), markedLater = !success && random.chance(0.2)
            log.append(source, target, kind, success: success)
            if markedLater { log.markLastSuccess() }
            reference[key, default: (0, 0)].attempts += 1
            if success || markedLater { reference[key, default: (0, 0)].successes += 1 }
        }
        let counted = log.counted()
        #expect(counted.count == reference.count && reference.count > 2_048)
        #expect(counted.map { edgeKey($0.source, $0.target, $0.kind) } == reference.keys.sorted())
        #expect(counted.allSatisfy { reference[edgeKey($0.source, $0.target, $0.kind)].map { [$0.attempts, $0.successes] } == [$0.attempts, $0.successes] })
        #expect(log.counted().isEmpty)
    }

    @Test("The radix sort orders like a comparison sort", arguments: [0, 1, 2, 300, 5_000])
    func radixSorting(count: Int) {
        var random = Xoshiro256(seed: UInt64(count))
        // Values spread over all 64 bits, and a run of equal values.
        let values = (0 ..< count).map { index in index % 7 == 0 ? 42 : random.next() >> (random.next() % 64) }
        var sorted = values
        radixSort(&sorted)
        #expect(sorted == values.sorted())
    }

    @Test("The bit set holds exactly what was inserted, at word edges too")
    func bitSet() {
        var set = BitSet(count: 200)
        let members = [0, 1, 63, 64, 65, 127, 128, 199]
        for member in members { set.insert(member) }
        #expect((0 ..< 200).filter { set.contains($0) } == members)
        #expect(set.members == members && BitSet(count: 0).members.isEmpty)
    }

    @Test("Removing from the heap in place keeps the rest in pop order, and removing nothing keeps every element")
    func heapRemoval() {
        var random = Xoshiro256(seed: 11)
        var heap = MinHeap<Event>()
        var all: [Event] = []
        for sequence in 1 ... 3_000 {
            let event = Event(time: Double(random.nextIndex(below: 200)), sequence: UInt64(sequence), kind: .weekEnd, subject: Int32(sequence))
            heap.insert(event)
            all.append(event)
        }
        var visited = 0
        heap.removeAll { _ in visited += 1; return false }
        #expect(visited == all.count && heap.count == all.count)
        heap.removeAll { $0.time >= 150 || $0.subject % 7 == 0 }
        let kept = all.filter { !($0.time >= 150 || $0.subject % 7 == 0) }.sorted()
        #expect(heap.count == kept.count)
        var emptied = heap
        emptied.removeAll { _ in true }
        #expect(emptied.isEmpty && emptied.popMin() == nil)
        var popped: [UInt64] = []
        while let event = heap.popMin() { popped.append(event.sequence) }
        #expect(popped == kept.map(\.sequence))
    }

    @Test("Percentiles by selection equal those of the sorted values", arguments: [1, 2, 3, 10, 101, 5_000])
    func selectionQuantiles(count: Int) {
        var random = Xoshiro256(seed: UInt64(count))
        // Few distinct values, so duplicates sit at the order statistics.
        let values = (0 ..< count).map { _ in Double(random.nextIndex(below: 40)) / 4 }
        for q in [0, 0.1, 0.5, 0.9, 0.99, 1] {
            var scratch = values
            #expect(Statistics.quantile(selecting: &scratch, q) == Statistics.quantile(values.sorted(), q))
        }
        var empty: [Double] = []
        #expect(Statistics.quantile(selecting: &empty, 0.5) == nil)
    }

    @Test("The streamed outcome graph is byte for byte what the JSON encoder writes")
    func streamedOutcomeGraph() throws {
        let run = try simulate(try shippedScenario("den-helder.yaml"), replications: 2, threads: 2)
        #expect(run.outcomeGraph.edges.count > 100)
        #expect(firstDifference(try run.outcomeGraph.prettyJSON(), try jsonData(run.outcomeGraph)) == nil)
        // Names that need escaping, optional fields absent and present, and empty arrays.
        let names = ["a \"quoted\" \\ name/with slash", "tab\tnew\nline\r\u{8}\u{c}\u{1}\u{1f}", "Zuid–Oost 😀 \u{7f} \u{2028}"]
        let nodes = names.enumerated().map { index, name in
            OutcomeGraph.Node(id: name, kind: "resident", arena: "lifeworld", neighbourhood: index == 0 ? nil : name,
                              department: index == 1 ? nil : "Wijk\"zaken")
        }
        let edges = [OutcomeGraph.Edge(source: names[0], target: names[2], kind: "request", attempts: 12_345, successes: 0, created: true)]
        for graph in [OutcomeGraph(scenario: names[1], nodes: nodes, edges: edges), OutcomeGraph(scenario: "", nodes: [], edges: []),
                      OutcomeGraph(scenario: "x", nodes: nodes, edges: [])] {
            #expect(firstDifference(try graph.prettyJSON(), try jsonData(graph)) == nil)
            #expect(try OutcomeGraph(text: String(decoding: try graph.prettyJSON(), as: UTF8.self), file: "test") == graph)
        }
        // An explicit weight takes the encoder's path.
        var weighted = edges
        weighted[0].weight = 0.25
        let graph = OutcomeGraph(scenario: "w", nodes: nodes, edges: weighted)
        #expect(try graph.prettyJSON() == jsonData(graph))
    }

    @Test("The outcome graph written to its file in pieces is the encoder's text; an unwritable file is an input error")
    func outcomeGraphFileInPieces() throws {
        let count = 9_000
        let nodes = (0 ..< count).map {
            OutcomeGraph.Node(id: "resident-\($0)", kind: "resident", arena: "lifeworld", neighbourhood: "Wijk \($0 % 7)", department: nil)
        }
        let edges = (0 ..< count).map {
            OutcomeGraph.Edge(source: "resident-\($0)", target: "resident-\(($0 * 31) % count)", kind: "request",
                              attempts: $0, successes: $0 / 2, created: $0 % 3 == 0)
        }
        let graph = OutcomeGraph(scenario: "pieces", nodes: nodes, edges: edges)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("verbinder-pieces-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("outcome-graph.json")
        try graph.writePrettyJSON(to: file)
        let written = try Data(contentsOf: file)
        #expect(written.count > 2 << 20) // more than two pieces
        #expect(firstDifference(written, try jsonData(graph)) == nil)
        #expect(throws: InputError.self) { try graph.writePrettyJSON(to: directory.appendingPathComponent("missing/outcome-graph.json")) }
    }
}
