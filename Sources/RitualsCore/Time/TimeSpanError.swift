/// Why a time span was refused.
public enum TimeSpanError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case negative
    case unexpected(String)
    case tooLarge

    public var description: String {
        switch self {
        case .empty: return "the time span is empty; write e.g. \"15m\" or \"1h 30min\""
        case .negative: return "a time span cannot be negative"
        case .unexpected(let s):
            return "\"\(s)\" is not a time span; write e.g. \"90s\", \"15m\", \"1h 30min\", \"2d\""
        case .tooLarge: return "the time span is too large"
        }
    }
}
