/// An element of a ``MinHeap``: ordered first by a number, and by `<` where the numbers are equal.
protocol HeapElement: Comparable {
    /// The first key of the order: of two elements with different keys, the one with the smaller key is the smaller.
    var key: Double { get }
}

/// A 4-ary min-heap on one flat array: the pending events of a replication and each connector's queue.
///
/// Both element types order totally (their sequence numbers are unique), so elements pop in exactly one
/// order, whatever the heap's layout. A 4-ary heap is half as deep as a binary one, and the four children of
/// a node lie side by side in memory: fewer cache misses per pop on large heaps. The smallest child is
/// chosen by its key without a branch (a conditional move), so that the processor does not mispredict the
/// comparison of random times at every level; only equal keys take the full comparison.
struct MinHeap<Element: HeapElement> {
    private var items: [Element] = []

    init() {}

    /// A heap of `elements` (any order).
    init(_ elements: [Element]) {
        items = elements
        heapify()
    }

    var count: Int { items.count }
    var isEmpty: Bool { items.isEmpty }

    mutating func insert(_ element: Element) {
        items.append(element)
        items.withUnsafeMutableBufferPointer { heap in
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) >> 2
                guard element < heap[parent] else { break }
                heap[child] = heap[parent]
                child = parent
            }
            heap[child] = element
        }
    }

    /// Removes and returns the smallest element; nil when empty.
    mutating func popMin() -> Element? {
        guard let last = items.popLast() else { return nil }
        guard !items.isEmpty else { return last }
        return items.withUnsafeMutableBufferPointer { heap in
            let top = heap[0]
            Self.siftDown(last, from: 0, in: heap)
            return top
        }
    }

    /// Removes every element for which `shouldRemove` is true, in place; the heap is rebuilt only when
    /// something was removed.
    mutating func removeAll(where shouldRemove: (Element) -> Bool) {
        let kept = items.withUnsafeMutableBufferPointer { heap in
            var kept = 0
            for index in heap.indices where !shouldRemove(heap[index]) {
                heap[kept] = heap[index]
                kept += 1
            }
            return kept
        }
        guard kept < items.count else { return }
        items.removeLast(items.count - kept)
        heapify()
    }

    /// Restores the heap order of `items` (Floyd's bottom-up construction).
    private mutating func heapify() {
        guard items.count > 1 else { return }
        items.withUnsafeMutableBufferPointer { heap in
            for start in stride(from: (heap.count - 2) / 4, through: 0, by: -1) {
                Self.siftDown(heap[start], from: start, in: heap)
            }
        }
    }

    /// Puts `element` at `hole` or below it, moving smaller children up.
    @inline(__always)
    private static func siftDown(_ element: Element, from start: Int, in heap: UnsafeMutableBufferPointer<Element>) {
        let count = heap.count
        var hole = start
        while true {
            let first = 4 * hole + 1
            guard first < count else { break }
            var best = first
            var bestKey = heap[first].key
            if first + 3 < count {
                choose(first + 1, &best, &bestKey, in: heap)
                choose(first + 2, &best, &bestKey, in: heap)
                choose(first + 3, &best, &bestKey, in: heap)
            } else {
                for candidate in first + 1 ..< count { choose(candidate, &best, &bestKey, in: heap) }
            }
            guard heap[best] < element else { break }
            heap[hole] = heap[best]
            hole = best
        }
        heap[hole] = element
    }

    /// Makes `candidate` the best child if it is smaller than `best`.
    @inline(__always)
    private static func choose(_ candidate: Int, _ best: inout Int, _ bestKey: inout Double,
                               in heap: UnsafeMutableBufferPointer<Element>) {
        let key = heap[candidate].key
        if key == bestKey {
            if heap[candidate] < heap[best] { best = candidate }
        } else {
            let smaller = key < bestKey
            best = smaller ? candidate : best
            bestKey = smaller ? key : bestKey
        }
    }
}
