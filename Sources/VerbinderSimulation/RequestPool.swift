/// The requests in flight of one replication: slots in one buffer the pool manages itself, reused once a request
/// has ended (a free list), so the buffer stays as large as the most requests ever open at once.
///
/// Reads and writes go straight to memory. In an array every write, down to each random draw from a request's
/// own stream, first checks that the storage is not shared. The pool has no such check, and no owner either:
/// its copies share the buffer, and the replication that made it calls ``release()`` at its end.
struct RequestPool {
    private var base: UnsafeMutablePointer<Request>
    private var capacity: Int
    /// Slots ever used: 0 ..< `count` hold requests, finished or not.
    private(set) var count = 0
    private var freeSlots: [Int32] = []

    init(capacity: Int = 1024) {
        self.capacity = max(1, capacity)
        base = .allocate(capacity: self.capacity)
    }

    var indices: Range<Int> { 0 ..< count }

    subscript(index: Int) -> Request {
        @inline(__always) get {
            assert(index >= 0 && index < count, "request slot out of range")
            return base[index]
        }
        @inline(__always) nonmutating _modify {
            assert(index >= 0 && index < count, "request slot out of range")
            yield &base[index]
        }
    }

    /// Stores `request` in a free slot (or a new one) and returns its index.
    mutating func add(_ request: Request) -> Int {
        if let slot = freeSlots.popLast() {
            base[Int(slot)] = request
            return Int(slot)
        }
        if count == capacity {
            let grownCapacity = max(1024, 2 * capacity)
            let grown = UnsafeMutablePointer<Request>.allocate(capacity: grownCapacity)
            if capacity > 0 {
                grown.moveInitialize(from: base, count: count)
                base.deallocate()
            }
            (base, capacity) = (grown, grownCapacity)
        }
        (base + count).initialize(to: request)
        count += 1
        return count - 1
    }

    /// Makes slot `index` free for the next request.
    mutating func free(_ index: Int) { freeSlots.append(Int32(index)) }

    /// Lets the buffer go: the pool is empty afterwards (and allocates anew if used again).
    mutating func release() {
        if capacity > 0 {
            base.deinitialize(count: count)
            base.deallocate()
        }
        (capacity, count, freeSlots) = (0, 0, [])
    }
}
