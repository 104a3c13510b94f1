import VerbinderCore

/// Stakeholder network analysis: centrality, brokerage, structural holes and the power–interest grid,
/// following NetworkX's (and R `sna`'s) definitions so numbers can be cross-checked.
public enum Analysis {}
