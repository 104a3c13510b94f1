import Foundation
import VerbinderCore
import VerbinderExperiments

/// A command's output directory (`--out`), created as needed; remembers which directories this process made,
/// so a failed command removes those and nothing else.
struct OutputDirectory {
    let path: String
    /// The directories this process created, outermost first.
    private(set) var created: [String] = []

    /// Checks `path` (see ``outputLocationProblem(_:option:)``) and creates it and its missing parents.
    /// - Throws: ``InputError`` when it is an odd location, a file, or cannot be created or written.
    static func prepare(_ path: String, option: String = "--out") throws -> OutputDirectory {
        try checkOutputLocation(path, option: option)
        var directory = OutputDirectory(path: path)
        let manager = FileManager.default
        var missing: [String] = []
        var current = URL(fileURLWithPath: path).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        while !manager.fileExists(atPath: current, isDirectory: &isDirectory) {
            missing.insert(current, at: 0)
            current = (current as NSString).deletingLastPathComponent
        }
        guard isDirectory.boolValue else {
            throw InputError("cannot write there: \(current) is a file, not a directory", at: SourceLocation(file: path))
        }
        for folder in missing {
            // mkdir, not "create if missing": only the process whose mkdir succeeds owns (and may remove) the folder.
            if mkdir(folder, 0o755) == 0 {
                directory.created.append(folder)
            } else if errno != EEXIST {
                let reason = String(cString: strerror(errno))
                directory.removeCreated()
                throw InputError("cannot create the output directory: \(reason)", at: SourceLocation(file: folder))
            }
        }
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            directory.removeCreated()
            throw InputError("cannot write there: \(path) is a file, not a directory", at: SourceLocation(file: path))
        }
        guard manager.isWritableFile(atPath: path) else {
            directory.removeCreated()
            throw InputError("cannot write there: the output directory is not writable", at: SourceLocation(file: path))
        }
        return directory
    }

    /// The path of `name` inside the directory.
    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Takes the exclusive lock of the store `name` inside the directory (``ResultStore/lock(_:)``); when
    /// another process holds it, removes the directories this process created and rethrows.
    /// - Returns: the store's path and the held lock.
    func lockStore(named name: String) throws -> (path: String, lock: FileLock) {
        let path = file(name)
        do {
            return (path, try ResultStore.lock(path))
        } catch {
            removeCreated()
            throw error
        }
    }

    /// Removes the directories this process created, innermost first, each only while empty: a file another
    /// process put there keeps its directory.
    func removeCreated() {
        for folder in created.reversed() { rmdir(folder) }
    }
}

/// Refuses an `--out` that is empty, the working directory, one of its parents or the root.
/// - Throws: ``InputError`` naming the option.
func checkOutputLocation(_ path: String, option: String = "--out") throws {
    if let problem = outputLocationProblem(path, option: option) {
        throw InputError(problem, at: SourceLocation(file: option))
    }
}

/// Refuses an output file (`--out FILE`) that is empty or an existing directory.
/// - Throws: ``InputError`` naming the option.
func checkOutputFile(_ path: String, option: String = "--out") throws {
    try checkOutputLocation(path, option: option)
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
        throw InputError("\(option) \(path) is a directory: give a file name", at: SourceLocation(file: option))
    }
}
