import ArgumentParser

/// `kinformer bench sync|churn|reset`: the measurements compared side by side with the
/// client-go peer (`/work/shared/bench/clientgo`), printed as one JSON line with the peer's
/// field names so the two can be diffed.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure informer sync and churn (compare with the client-go peer).",
        subcommands: [BenchSyncCommand.self, BenchChurnCommand.self, BenchResetCommand.self])
}
