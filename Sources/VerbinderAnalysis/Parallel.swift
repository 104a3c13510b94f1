import Foundation
import VerbinderSupport

/// A flat buffer of `Double`s that workers write to in disjoint slices.
///
/// Shared across threads by design: every caller writes only the slice of the chunk it owns, so there is
/// no data race; the buffer is read only after all workers have finished.
final class SharedBuffer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Double>
    let count: Int

    init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    deinit { pointer.deallocate() }
}

/// Progress of a long analysis step: its name, work items done, work items in all.
public typealias AnalysisProgress = @Sendable (_ step: String, _ done: Int, _ total: Int) -> Void

/// Counts finished work items across worker threads and reports the running total.
final class ProgressCounter: @unchecked Sendable {
    /// Work items between two reports: enough to keep the lock out of the inner loops.
    static let batch = 64
    private let lock = NSLock()
    private var done = 0
    private let total: Int
    private let step: String
    private let report: AnalysisProgress

    init?(_ step: String, total: Int, report: AnalysisProgress?) {
        guard let report else { return nil }
        self.step = step
        self.total = total
        self.report = report
    }

    /// Adds `count` finished items and reports the total so far.
    func add(_ count: Int) {
        lock.lock()
        done += count
        let now = done
        lock.unlock()
        report(step, now, total)
    }
}

/// Fixed chunking of independent work items (sources of a shortest-path search) over worker threads.
///
/// Items are split into contiguous chunks whose number depends only on the item count, never on the
/// number of threads, and each chunk accumulates into its own slice; slices are summed in chunk order.
/// So results are bit-for-bit the same with 1 thread or 16.
enum ChunkedWork {
    /// At most this many chunks (each holds one accumulator of `nodeCount` doubles).
    static let maximumChunks = 16

    /// The number of threads used when none is asked for: the active processor count.
    static var defaultThreads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// The chunks of `0 ..< count`: at most ``maximumChunks`` contiguous ranges of near-equal size.
    static func chunks(of count: Int) -> [Range<Int>] {
        guard count > 0 else { return [] }
        let chunkCount = min(maximumChunks, count)
        return (0 ..< chunkCount).map { chunk in
            (count * chunk / chunkCount) ..< (count * (chunk + 1) / chunkCount)
        }
    }

    /// Runs `body(chunk, range)` for every chunk, on up to `threads` workers.
    static func run(chunks: [Range<Int>], threads: Int, _ body: @Sendable (Int, Range<Int>) -> Void) {
        _ = parallelMap(chunks.count, threads: threads) { body($0, chunks[$0]) }
    }

    /// Sums per-chunk accumulators (`chunkCount` slices of `width` in `buffer`) in chunk order.
    static func sum(_ buffer: SharedBuffer, chunkCount: Int, width: Int) -> [Double] {
        var total = [Double](repeating: 0, count: width)
        for chunk in 0 ..< chunkCount {
            let base = buffer.pointer + chunk * width
            for index in 0 ..< width { total[index] += base[index] }
        }
        return total
    }
}
