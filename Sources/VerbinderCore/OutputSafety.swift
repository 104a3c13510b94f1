import Foundation

/// An exclusive lock on a file beside an output (`flock`), so two processes never write one output at once.
///
/// The lock is the operating system's: it is released when the holder ends, also by `kill -9`, so a lock file
/// left behind by a killed process never blocks the next run (which takes it over and removes it on release).
public final class FileLock: @unchecked Sendable {
    /// The lock file.
    public let path: String
    private var descriptor: Int32

    /// Another process holds the lock.
    public struct Busy: Error, Sendable {
        /// The holder's process id, as it wrote it into the lock file (nil when unreadable).
        public var holder: Int32?
    }

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// Takes the lock at `path` without waiting, creating the file (holding this process's id) if needed.
    /// - Throws: ``Busy`` when another process holds it; ``InputError`` when the file cannot be made.
    public static func acquire(_ path: String) throws -> FileLock {
        while true {
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw InputError("cannot create the lock file: \(String(cString: strerror(errno)))", at: SourceLocation(file: path))
            }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                let holder = readHolder(descriptor)
                close(descriptor)
                throw Busy(holder: holder)
            }
            // The holder before us may have removed the file between our open and our flock: then we locked a
            // file nobody else can see, so start again on the current one.
            var opened = stat(), current = stat()
            guard fstat(descriptor, &opened) == 0, stat(path, &current) == 0,
                  opened.st_ino == current.st_ino, opened.st_dev == current.st_dev else {
                close(descriptor)
                continue
            }
            let text = "\(getpid())\n"
            _ = ftruncate(descriptor, 0)
            _ = text.withCString { pwrite(descriptor, $0, strlen($0), 0) }
            return FileLock(path: path, descriptor: descriptor)
        }
    }

    /// Removes the lock file and releases the lock (idempotent). The file goes first, while still locked, so
    /// a process waiting on the old file sees it gone and retries on a new one.
    public func release() {
        guard descriptor >= 0 else { return }
        unlink(path)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }

    private static func readHolder(_ descriptor: Int32) -> Int32? {
        var buffer = [CChar](repeating: 0, count: 32)
        let count = pread(descriptor, &buffer, 31, 0)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// Whether process `pid` is alive (a process that exists but belongs to another user counts as alive).
public func processIsAlive(_ pid: Int32) -> Bool {
    guard pid > 0 else { return false }
    return kill(pid, 0) == 0 || errno == EPERM
}

/// Removes the temporaries that killed processes left beside an output: files or directories in `directory`
/// named `prefix` + a process id (+ any suffix such as `-wal`), whose process is no longer alive.
/// - Returns: the names removed.
@discardableResult
public func removeStaleTemporaries(in directory: String, prefix: String) -> [String] {
    staleTemporaries(in: directory, prefix: prefix).filter { name in
        (try? FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(name))) != nil
    }
}

/// The names in `directory` of the form `prefix` + PID (+ suffix) whose process is dead, sorted.
public func staleTemporaries(in directory: String, prefix: String) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { name in
        guard name.hasPrefix(prefix) else { return false }
        let digits = name.dropFirst(prefix.count).prefix(while: \.isNumber)
        guard let pid = Int32(digits), pid != getpid() else { return false }
        return !processIsAlive(pid)
    }.sorted()
}

/// Why `path` cannot be an output that is replaced or filled as a whole, or nil when it can: it must not be
/// empty, and must not be the working directory, one of its ancestors, or the root.
/// - Parameter option: the option's name for the message, e.g. `--out`.
public func outputLocationProblem(_ path: String, option: String = "--out") -> String? {
    if path.trimmingCharacters(in: .whitespaces).isEmpty {
        return "\(option) is empty: give a path such as out/run"
    }
    let target = resolvedPath(path)
    let workingDirectory = resolvedPath(FileManager.default.currentDirectoryPath)
    if target == "/" || workingDirectory == target || workingDirectory.hasPrefix(target + "/") {
        return "\(option) \(path) is the working directory or one of its parents, which would be replaced: "
            + "give a new directory such as out/run"
    }
    return nil
}

/// The absolute path of `path` with symbolic links of its existing part resolved, `.` and `..` removed.
func resolvedPath(_ path: String) -> String {
    let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
    var existing = absolute
    var rest: [String] = []
    while !FileManager.default.fileExists(atPath: existing), existing != "/" {
        rest.insert((existing as NSString).lastPathComponent, at: 0)
        existing = (existing as NSString).deletingLastPathComponent
    }
    let real = existing.withCString { pointer -> String in
        guard let resolved = realpath(pointer, nil) else { return existing }
        defer { free(resolved) }
        return String(cString: resolved)
    }
    return rest.reduce(real) { ($0 as NSString).appendingPathComponent($1) }
}
