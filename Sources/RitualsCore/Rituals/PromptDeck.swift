/// Chooses the prompt of an occurrence: the prompts are dealt in a shuffled order, every one used
/// once before any repeats, the order fixed by the ritual id and the round, so that a preview and
/// the real occurrence agree.
public struct PromptDeck: Sendable {
    public let prompts: [String]
    let seed: UInt64

    public init(ritualID: String, prompts: [String]) {
        self.prompts = prompts
        seed = PromptDeck.hash(ritualID)
    }

    /// FNV-1a, stable across runs and platforms (Swift's `Hasher` is seeded per process).
    public static func hash(_ text: String, _ extra: UInt64 = 0) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in text.utf8 {
            h ^= UInt64(b)
            h &*= 0x100_0000_01B3
        }
        for shift in stride(from: 0, to: 64, by: 8) {
            h ^= (extra >> UInt64(shift)) & 0xFF
            h &*= 0x100_0000_01B3
        }
        return h
    }

    /// The prompt of the occurrence numbered `index` (0 for the first one from the anchor).
    public func prompt(at index: Int) -> String? {
        guard !prompts.isEmpty, index >= 0 else { return nil }
        let round = index / prompts.count
        var order = Array(prompts.indices)
        var state = PromptDeck.hash("round", seed &+ UInt64(round))
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let j = Int((state >> 33) % UInt64(i + 1))
            order.swapAt(i, j)
        }
        return prompts[order[index % prompts.count]]
    }
}
