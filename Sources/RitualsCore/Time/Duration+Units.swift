/// Spans as rituals counts them: whole microseconds, built from the units people write.
extension Duration {
    /// The span in whole microseconds, rounded toward zero.
    public var microseconds: Int {
        let (s, a) = components
        return Int(s) * Microseconds.second + Int(a / 1_000_000_000_000)
    }

    /// `n` times `span`, written with the count first as people say it ("3 days").
    public static func * (n: Int, span: Duration) -> Duration { span * n }

    public static func minutes(_ n: Int) -> Duration { .seconds(n * 60) }
    public static func hours(_ n: Int) -> Duration { .seconds(n * 3600) }
    public static func days(_ n: Int) -> Duration { .seconds(n * 86_400) }

    /// The span as the config writes it: "1h 30min".
    public var spoken: String { TimeSpan.format(microseconds, style: .spoken) }
}
