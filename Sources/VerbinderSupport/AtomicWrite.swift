import Foundation

/// Why a file or directory could not be written.
package struct WriteError: Error, CustomStringConvertible {
    /// The file or directory that was to be written.
    package var path: String
    /// What went wrong, for a message.
    package var reason: String

    package var description: String { reason }
}

/// Atomic file writes: readers see the old content or the new, never a part.
package enum AtomicFile {
    /// Writes `data` to `path` atomically: to a temporary file beside it, then renamed over it, so an interrupted
    /// run never leaves a partial file.
    /// - Throws: ``WriteError`` when the directory is missing or not writable.
    package static func write(_ data: Data, to path: String) throws {
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw WriteError(path: path, reason: "cannot write file: \(error.localizedDescription)")
        }
    }
}
