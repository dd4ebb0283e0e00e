import Foundation
public import KubeModel

/// `metav1.Condition` bookkeeping with the API conventions: one condition per type, and
/// `lastTransitionTime` moves only when `status` changes.
public enum Conditions {
    /// `True`, `False` or `Unknown`.
    public enum Status: String, Sendable, Hashable {
        case `true` = "True"
        case `false` = "False"
        case unknown = "Unknown"
    }

    /// The condition of `type`, if present.
    public static func find(_ conditions: [MetaV1.Condition], type: String) -> MetaV1.Condition? {
        conditions.first { $0.type == type }
    }

    /// Whether the condition of `type` is present with status `True`.
    public static func isTrue(_ conditions: [MetaV1.Condition], type: String) -> Bool {
        find(conditions, type: type)?.status == Status.true.rawValue
    }

    /// Sets the condition of `type`: adds it, or updates reason, message and
    /// `observedGeneration`, moving `lastTransitionTime` to `now` only if the status changed.
    /// - Returns: whether anything changed (write the status only then).
    @discardableResult
    public static func set(
        _ conditions: inout [MetaV1.Condition], type: String, status: Status, reason: String, message: String = "",
        observedGeneration: Int64? = nil, now: Time = Conditions.now()
    ) -> Bool {
        guard let index = conditions.firstIndex(where: { $0.type == type }) else {
            conditions.append(
                MetaV1.Condition(
                    lastTransitionTime: now, message: message, observedGeneration: observedGeneration, reason: reason,
                    status: status.rawValue, type: type))
            return true
        }
        var condition = conditions[index]
        if condition.status != status.rawValue {
            condition.status = status.rawValue
            condition.lastTransitionTime = now
        }
        condition.reason = reason
        condition.message = message
        condition.observedGeneration = observedGeneration
        guard condition != conditions[index] else { return false }
        conditions[index] = condition
        return true
    }

    /// Removes the condition of `type`. Returns whether one was there.
    @discardableResult
    public static func remove(_ conditions: inout [MetaV1.Condition], type: String) -> Bool {
        let before = conditions.count
        conditions.removeAll { $0.type == type }
        return conditions.count != before
    }

    /// The current wall-clock time, in the seconds `metav1.Time` keeps.
    public static func now() -> Time { Time(secondsSinceEpoch: Int64(Date().timeIntervalSince1970)) }
}
