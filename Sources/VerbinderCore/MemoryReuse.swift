#if canImport(Glibc)
import Glibc
#endif

/// The process's allocator policy for large buffers.
public enum MemoryReuse {
    /// Buffers up to this size come from the heap and are reused once freed (glibc's largest allowed value).
    static let heapBufferLimit: Int32 = 32 << 20
    /// Free memory the heap keeps for reuse before it gives memory back to the kernel.
    static let keptFreeMemory: Int32 = 256 << 20

    /// Keeps freed buffers of up to 32 MiB in the process for the next allocation instead of returning them to the
    /// kernel, which zeroes every page again when it is asked for memory. A simulation allocates and frees such
    /// buffers by the hundred (network columns, per-replication tables, result text); reusing them saves about a
    /// tenth of a 1M-resident `simulate`'s CPU. Call once, first thing in `main`; elsewhere than glibc it does nothing.
    public static func keepFreedBuffers() {
        #if canImport(Glibc)
        // glibc's `mallopt` and its parameters (`<malloc.h>`, which the Glibc module does not export).
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(mmapThreshold, heapBufferLimit)
        _ = mallopt(trimThreshold, keptFreeMemory)
        #endif
    }
}
