/// A place in an input file.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var file: String
    /// 1-based line; 0 when unknown.
    public var line: Int
    /// 1-based column; 0 when unknown.
    public var column: Int

    public init(file: String, line: Int = 0, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String {
        if line == 0 { return file }
        if column == 0 { return "\(file):\(line)" }
        return "\(file):\(line):\(column)"
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }

    /// A value handed to a library call directly rather than read from a file; `name` says which value
    /// (e.g. `metrics`, or `vary connectors[0].hoursPerWeek=20`). Front ends name it their own way (the command
    /// line as its option) with ``InputError/renamingValues(_:)``.
    public static func value(_ name: String) -> SourceLocation { SourceLocation(file: "<\(name)>") }

    /// The name of a ``value(_:)`` location; nil for a file.
    public var valueName: String? {
        guard line == 0, file.count > 2, file.hasPrefix("<"), file.hasSuffix(">") else { return nil }
        return String(file.dropFirst().dropLast())
    }
}

/// One problem with an input: where it is, which key, and what was expected.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation
    /// The key path inside the document, e.g. `connectors[0].neighbourhoods[1]`; empty for the whole file.
    public var keyPath: String
    public var message: String

    public init(_ message: String, at location: SourceLocation, keyPath: String = "") {
        self.location = location
        self.keyPath = keyPath
        self.message = message
    }

    /// `file:line:column: error: key.path: message`
    public var description: String {
        keyPath.isEmpty ? "\(location): error: \(message)" : "\(location): error: \(keyPath): \(message)"
    }
}

/// Bad input: one or more diagnostics, all reported together. The CLI maps it to exit status 2.
public struct InputError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public init(_ message: String, at location: SourceLocation, keyPath: String = "") {
        self.diagnostics = [Diagnostic(message, at: location, keyPath: keyPath)]
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }

    /// The error with every ``SourceLocation/value(_:)`` location renamed by `rename` (given the value's name).
    public func renamingValues(_ rename: (String) -> String) -> InputError {
        InputError(diagnostics.map { diagnostic in
            guard let name = diagnostic.location.valueName else { return diagnostic }
            var renamed = diagnostic
            renamed.location = SourceLocation(file: rename(name))
            return renamed
        })
    }
}

/// Suggestions for a misspelt name: the closest candidates by edit distance, for "did you mean ...?".
public func closestMatch(to word: String, among candidates: some Sequence<String>) -> String? {
    let lowered = word.lowercased()
    var best: (name: String, distance: Int)?
    for candidate in candidates {
        let distance = editDistance(lowered, candidate.lowercased())
        if distance <= max(1, candidate.count / 3), distance < candidate.count, distance < (best?.distance ?? .max) {
            best = (candidate, distance)
        }
    }
    return best?.name
}

/// Levenshtein distance between two strings, by characters.
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0 ... b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1 ... a.count {
        current[0] = i
        for j in 1 ... b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
