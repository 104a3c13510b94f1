import Foundation

/// A progress bar with ETA on stderr, drawn only when stderr is a terminal and the work has taken more than a second.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let start = Date()
    private let lock = NSLock()
    private let enabled = isatty(STDERR_FILENO) == 1
    private var drawn = false

    init(_ label: String) { self.label = label }

    /// Reports `done` of `total` units finished.
    func update(_ done: Int, of total: Int) {
        guard enabled, total > 0 else { return }
        lock.lock()
        defer { lock.unlock() }
        let elapsed = Date().timeIntervalSince(start)
        guard elapsed > 1 || drawn else { return }
        drawn = true
        let fraction = Double(done) / Double(total)
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let remaining = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
        let line = "\r\(label) \(bar) \(done)/\(total)  ETA \(Self.duration(remaining))  "
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Clears the bar's line.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        guard drawn else { return }
        FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: 80) + "\r").utf8))
    }

    private static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 60 ? "\(total / 60)m\(String(format: "%02d", total % 60))s" : "\(total)s"
    }
}
