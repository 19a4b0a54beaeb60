import Foundation

/// Limits failed sign-ins: after `limit` failures for one account (or ten times that from one
/// address) within the window, further attempts are refused until the oldest failure leaves the window.
///
/// Kept in memory: a restart clears it, which the bcrypt cost still makes slow to exploit.
public actor LoginThrottle {
    private let limit: Int
    private let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    /// Creates a throttle.
    ///
    /// - Parameters:
    ///   - limit: Failures allowed per key within the window.
    ///   - windowSeconds: The window, in seconds.
    public init(limit: Int, windowSeconds: Int) {
        self.limit = limit
        self.window = TimeInterval(windowSeconds)
    }

    /// Seconds until another attempt is allowed for any of the keys, or `nil` when allowed now.
    func retryAfter(_ keys: [String], now: Date) -> Int? {
        var wait: TimeInterval = 0
        for key in keys {
            let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
            failures[key] = recent
            // Many people share one address (a proxy, an office): the address limit is ten times the account limit,
            // so one person's mistakes do not lock out the team.
            let allowed = key.hasPrefix("address:") ? limit * 10 : limit
            if recent.count >= allowed, let oldest = recent.first {
                wait = max(wait, window - now.timeIntervalSince(oldest))
            }
        }
        return wait > 0 ? Int(wait.rounded(.up)) : nil
    }

    /// Records a failure for each key.
    func recordFailure(_ keys: [String], now: Date) {
        for key in keys { failures[key, default: []].append(now) }
    }

    /// Forgets an account's failures after a successful sign-in.
    func recordSuccess(_ key: String) { failures[key] = nil }
}
