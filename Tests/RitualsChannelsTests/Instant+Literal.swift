import RitualsCore

/// In tests, a number written where an instant goes is its microseconds since the epoch.
extension Instant: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(microseconds: value) }
}
