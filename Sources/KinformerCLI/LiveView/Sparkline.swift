/// A row of block characters, one per value, scaled so the largest value is a full block
/// (`▁▂▃▄▅▆▇█`); zero is a blank, so idle stretches read as gaps. Pure.
enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The sparkline of `values` (negative values count as zero).
    static func render(_ values: [Double]) -> String {
        let top = values.max() ?? 0
        guard top > 0 else { return String(repeating: " ", count: values.count) }
        return String(values.map { value -> Character in
            guard value > 0 else { return " " }
            let level = Int((value / top * Double(blocks.count - 1)).rounded())
            return blocks[min(max(level, 0), blocks.count - 1)]
        })
    }
}
