import Foundation
import VerbinderSupport
import VerbinderCore

/// Deterministic, readable JSON (sorted keys), without the final line break (for `print`).
func jsonText(_ value: some Encodable) throws -> String {
    String(decoding: try CanonicalJSON.pretty(value).dropLast(), as: UTF8.self)
}

/// Creates the directories above `path` that do not exist yet, so `--out out/katwijk` works on a fresh clone.
/// - Throws: ``InputError`` when one of them cannot be created (e.g. a file is in the way).
func createParentDirectories(of path: String) throws {
    let parent = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().path
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue { return }
    do {
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
    } catch {
        throw InputError("cannot create the directory \(parent): \(error.localizedDescription)", at: SourceLocation(file: path))
    }
}
