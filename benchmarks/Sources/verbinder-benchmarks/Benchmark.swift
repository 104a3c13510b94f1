/// One benchmark: a name to select it by on the command line, and a body that measures and reports.
///
/// To add one, write a file with a `static let` of this type and add it to ``Benchmark/registered``.
struct Benchmark: Sendable {
    /// The name on the command line, e.g. `graph`.
    let name: String
    /// One line for `--list`.
    let summary: String
    /// Runs the measurements and adds a section to the report.
    let run: @Sendable (inout Report) throws -> Void

    /// Every benchmark, in the order `all` runs them.
    static let registered: [Benchmark] = [
        .graph,
        .scenario,
        .simulation,
        .limit,
        .process,
        .analysis,
        .render,
    ]
}
