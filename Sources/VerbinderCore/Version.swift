/// Verbinder's version, written into every result so numbers can be traced to the code that made them.
public let verbinderVersion = "0.1.0"
