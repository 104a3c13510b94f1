import CGraphviz

/// The Graphviz library Verbinder renders with (linked in-process through cgraph and gvc).
public enum Graphviz {
    /// The version of the linked libgvc, e.g. "2.42.2".
    public static var version: String {
        guard let context = gvContext() else { return "unavailable" }
        defer { gvFreeContext(context) }
        guard let text = gvcVersion(context) else { return "unknown" }
        return String(cString: text)
    }
}
