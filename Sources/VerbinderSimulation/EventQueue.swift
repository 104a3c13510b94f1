/// A scheduled event in 16 bytes: its time, and one word holding its scheduling order, kind and subject.
///
/// Events order by time, then by scheduling order, so ties never depend on anything else. Four events fill
/// one 64-byte cache line: a pop of the 4-ary event heap reads a node's four children from one or two lines.
struct Event: HeapElement {
    enum Kind: UInt8, CaseIterable {
        case arrival, serviceDone, departmentResponse, escalationResponse, directResponse, weekEnd

        /// The kind's name in ``SimulationRun/eventsByKind``.
        var name: String {
            switch self {
            case .arrival: "arrival"
            case .serviceDone: "serviceDone"
            case .departmentResponse: "departmentResponse"
            case .escalationResponse: "escalationResponse"
            case .directResponse: "directResponse"
            case .weekEnd: "weekEnd"
            }
        }
    }

    /// Bits of ``tag`` below the scheduling order: 3 for the kind, 29 for the subject.
    static let sequenceShift: UInt64 = 32
    static let subjectBits: UInt64 = 29
    /// The scheduling orders an event can carry: 1 ..< `sequenceLimit`.
    static let sequenceLimit: UInt64 = 1 << 32

    var time: Double
    /// The scheduling order (high 32 bits), the kind (3 bits) and the subject (low 29 bits).
    private(set) var tag: UInt64

    init(time: Double, sequence: UInt64, kind: Kind, subject: Int32) {
        precondition(sequence < Self.sequenceLimit && subject >= 0 && UInt64(subject) < 1 << Self.subjectBits,
                     "an event's scheduling order or subject is out of range")
        self.time = time
        tag = sequence << Self.sequenceShift | UInt64(kind.rawValue) << Self.subjectBits | UInt64(subject)
    }

    /// The order in which the event was scheduled.
    var sequence: UInt64 { tag >> Self.sequenceShift }
    var kind: Kind { Kind(rawValue: UInt8(truncatingIfNeeded: tag >> Self.subjectBits) & 7)! }
    /// A source, connector or request index, depending on the kind.
    var subject: Int32 { Int32(truncatingIfNeeded: tag & (1 << Self.subjectBits - 1)) }

    var key: Double { time }

    static func < (a: Event, b: Event) -> Bool { a.time < b.time || (a.time == b.time && a.tag < b.tag) }
    static func == (a: Event, b: Event) -> Bool { a.time == b.time && a.tag == b.tag }
}

/// The pending events of a replication, popped in (time, scheduling order).
///
/// Scheduling orders have 32 bits (``Event/sequenceLimit``). A replication that schedules more events than
/// that renumbers its pending events 1, 2, … in pop order and goes on from there: the order of every pair of
/// events stays as it was, so the results are the same as with unbounded numbers.
struct EventQueue {
    private var heap = MinHeap<Event>()
    private var sequence: UInt64 = 0
    private let sequenceLimit: UInt64

    /// An empty queue; a smaller `sequenceLimit` than the events' own is for tests of the renumbering.
    init(sequenceLimit: UInt64 = Event.sequenceLimit) {
        precondition(sequenceLimit > 1 && sequenceLimit <= Event.sequenceLimit)
        self.sequenceLimit = sequenceLimit
    }

    var count: Int { heap.count }

    /// Schedules an event of `kind` about `subject` at `time`, after every event scheduled before it at that time.
    @inline(__always)
    mutating func schedule(_ kind: Event.Kind, at time: Double, subject: Int32) {
        if sequence + 1 >= sequenceLimit { renumber() }
        sequence += 1
        heap.insert(Event(time: time, sequence: sequence, kind: kind, subject: subject))
    }

    /// Removes and returns the next event; nil when none is pending.
    @inline(__always)
    mutating func next() -> Event? { heap.popMin() }

    /// Numbers the pending events 1, 2, … in pop order.
    private mutating func renumber() {
        var pending: [Event] = []
        pending.reserveCapacity(heap.count)
        while let event = heap.popMin() { pending.append(event) }
        precondition(pending.count + 1 < sequenceLimit, "more events pending than scheduling orders")
        for index in pending.indices {
            pending[index] = Event(time: pending[index].time, sequence: UInt64(index + 1),
                                   kind: pending[index].kind, subject: pending[index].subject)
        }
        sequence = UInt64(pending.count)
        heap = MinHeap(pending)
    }
}
