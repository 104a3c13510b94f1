import Dispatch
import Foundation

/// `body(0) ..< body(count - 1)` computed on up to `threads` threads, returned in index order.
///
/// Workers claim indices in order; each result is stored at its index, so the result never depends on the
/// number of threads or on timing. A body that throws stops the claiming of further indices, and the error of
/// the lowest failed index is rethrown once all workers have stopped.
/// - Parameters:
///   - threads: the most worker threads (at least 1 is used; never more than `count`).
///   - progress: called after each finished item with (finished, count), from any thread.
/// - Complexity: O(count) calls of `body`, spread over the threads.
/// - Throws: what `body` throws (nothing when it cannot throw).
package func parallelMap<Value: Sendable, Failure: Error>(
    _ count: Int, threads: Int, progress: (@Sendable (Int, Int) -> Void)? = nil,
    _ body: @Sendable (Int) throws(Failure) -> Value
) throws(Failure) -> [Value] {
    guard count > 0 else { return [] }
    let slots = IndexedSlots<Value, Failure>(count: count)
    let workers = max(1, min(threads, count))
    @Sendable func work(_: Int) {
        while let index = slots.claim() {
            do throws(Failure) {
                let finished = slots.store(.success(try body(index)), at: index)
                progress?(finished, count)
            } catch {
                _ = slots.store(.failure(error), at: index)
            }
        }
    }
    if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
    return try slots.values()
}

/// Results stored by index under a lock.
private final class IndexedSlots<Value: Sendable, Failure: Error>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<Value, Failure>?]
    private var next = 0
    private var finished = 0
    private var failed = false

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    /// The next unclaimed index; nil when all are claimed or an item failed.
    func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard !failed, next < slots.count else { return nil }
        next += 1
        return next - 1
    }

    /// Stores a result; returns how many have finished.
    func store(_ result: Result<Value, Failure>, at index: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        slots[index] = result
        if case .failure = result { failed = true }
        finished += 1
        return finished
    }

    /// All values in index order, or the error of the lowest failed index.
    func values() throws(Failure) -> [Value] {
        lock.lock()
        defer { lock.unlock() }
        var values: [Value] = []
        values.reserveCapacity(slots.count)
        for slot in slots {
            switch slot {
            case .success(let value): values.append(value)
            case .failure(let error): throw error
            case nil: continue
            }
        }
        return values
    }
}

/// A running total shared by threads (for progress measured in units other than items).
package final class SharedTotal: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0

    package init() {}

    /// Adds `amount`; returns the new total.
    package func add(_ amount: Int) -> Int { lock.withLock { total += amount; return total } }
}
