/// Who: the person at this computer, or another of `people`, by name.
public enum Person: Hashable, Sendable {
    case me
    case named(String)

    /// The other person's name; nil for this computer's person (as the history writes it).
    public var other: String? {
        if case .named(let name) = self { return name }
        return nil
    }

    /// The name to show: the other person's, else `me` (the config's name for this person).
    public func name(me: String?) -> String? { other ?? me }

    /// The person a name stands for, where `me` is this computer's person's name.
    public init(_ name: String, me: String?) { self = name == me ? .me : .named(name) }
}
