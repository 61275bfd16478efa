import Dispatch

extension DispatchTimeInterval {
    /// `span` as Dispatch counts it, in whole nanoseconds (a negative span is none).
    public init(_ span: Duration) {
        let (seconds, attoseconds) = span.components
        guard seconds >= 0 else {
            self = .nanoseconds(0)
            return
        }
        let (whole, overflow) = Int(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        self = overflow ? .never : .nanoseconds(whole + Int(attoseconds / 1_000_000_000))
    }
}
