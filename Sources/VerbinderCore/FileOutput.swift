import Foundation
import VerbinderSupport

/// Writes `data` to `path` atomically: to a temporary file beside it, then renamed over it,
/// so an interrupted run never leaves a partial file.
/// - Throws: ``InputError`` when the directory is missing or not writable.
public func writeAtomically(_ data: Data, to path: String) throws {
    do {
        try AtomicFile.write(data, to: path)
    } catch let error as WriteError {
        throw InputError(error.reason, at: SourceLocation(file: error.path))
    }
}
