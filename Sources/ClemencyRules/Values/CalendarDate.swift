/// A day on the civil (proleptic Gregorian) calendar, with no time of day and no time zone.
///
/// Legal dates (offense, sentencing, effective dates of statutes and guideline amendments) are
/// calendar days, not instants, so the engine never uses `Foundation.Date` for them.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The year, e.g. 2010.
    public let year: Int
    /// The month, 1–12.
    public let month: Int
    /// The day of the month, 1–31.
    public let day: Int
    /// Days since 1970-01-01 (negative before it), kept with the date so that comparisons, regime
    /// lookups and day arithmetic need no calendar computation.
    public let dayNumber: Int

    /// Creates a date, or returns `nil` when the day does not exist (e.g. 2011-02-29).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CalendarDate.daysInMonth(year: year, month: month) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
        dayNumber = CalendarDate.dayNumber(year: year, month: month, day: day)
    }

    /// Parses the ISO 8601 form `YYYY-MM-DD`; returns `nil` for anything else or an impossible day.
    /// (Inlinable so that callers in other modules get it specialized for their string type.)
    @inlinable
    public init?(iso text: some StringProtocol) {
        var year = 0, month = 0, day = 0
        var position = 0
        for byte in text.utf8 {
            switch position {
            case 4, 7:
                guard byte == 0x2D else { return nil }
            case 0...9:
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                let digit = Int(byte - 0x30)
                if position < 4 {
                    year = year * 10 + digit
                } else if position < 7 {
                    month = month * 10 + digit
                } else {
                    day = day * 10 + digit
                }
            default:
                return nil
            }
            position += 1
        }
        guard position == 10 else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Creates the date that is `dayNumber` days after 1970-01-01 (negative before it).
    public init(dayNumber: Int) {
        // Civil-from-days (H. Hinnant's public-domain algorithm).
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
        self.dayNumber = dayNumber
    }

    /// Days since 1970-01-01 of a civil date (days-from-civil, H. Hinnant's public-domain algorithm).
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> CalendarDate { CalendarDate(dayNumber: dayNumber + days) }

    /// The same day `months` calendar months later; a day that does not exist in the target month
    /// becomes that month's last day (2010-01-31 plus one month is 2010-02-28).
    public func adding(months: Int) -> CalendarDate {
        let total = year * 12 + (month - 1) + months
        let newYear = total >= 0 ? total / 12 : (total - 11) / 12
        let newMonth = total - newYear * 12 + 1
        let newDay = Swift.min(day, CalendarDate.daysInMonth(year: newYear, month: newMonth))
        return CalendarDate(year: newYear, month: newMonth, day: newDay) ?? self
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: CalendarDate) -> Int { other.dayNumber - dayNumber }

    /// Whole calendar months from `self` to `other`, counting a month only when its day is reached.
    public func wholeMonths(until other: CalendarDate) -> Int {
        var months = (other.year - year) * 12 + (other.month - month)
        if other < self {
            if adding(months: months) < other { months += 1 }
        } else if adding(months: months) > other {
            months -= 1
        }
        return months
    }

    /// `true` in leap years of the Gregorian calendar.
    public static func isLeapYear(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    /// The number of days in a month of a year.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    public static func == (lhs: CalendarDate, rhs: CalendarDate) -> Bool { lhs.dayNumber == rhs.dayNumber }

    public func hash(into hasher: inout Hasher) { hasher.combine(dayNumber) }

    /// The ISO 8601 form, `YYYY-MM-DD`.
    public var description: String {
        if (0...9999).contains(year) {
            // The common case, written byte by byte (ten ASCII bytes: a small string, no allocation).
            return String(unsafeUninitializedCapacity: 10) { buffer in
                func put(_ value: Int, at index: Int) { buffer[index] = UInt8(truncatingIfNeeded: 0x30 + value) }
                put(year / 1000, at: 0)
                put(year / 100 % 10, at: 1)
                put(year / 10 % 10, at: 2)
                put(year % 10, at: 3)
                buffer[4] = 0x2D
                put(month / 10, at: 5)
                put(month % 10, at: 6)
                buffer[7] = 0x2D
                put(day / 10, at: 8)
                put(day % 10, at: 9)
                return 10
            }
        }
        let y = String(year)
        let m = month < 10 ? "0\(month)" : String(month)
        let d = day < 10 ? "0\(day)" : String(day)
        return "\(String(repeating: "0", count: Swift.max(0, 4 - y.count)))\(y)-\(m)-\(d)"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(iso: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a date as YYYY-MM-DD, found \"\(text)\"")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A span of calendar days during which a rule or table row is in force.
///
/// `from` is the first day in force and `through` the last; `nil` means open-ended.
public struct EffectivePeriod: Sendable, Hashable, Codable {
    /// The first day in force, or `nil` when in force from the beginning of the data.
    public let from: CalendarDate?
    /// The last day in force, or `nil` when still in force.
    public let through: CalendarDate?

    /// Creates a period from its first and last day.
    public init(from: CalendarDate?, through: CalendarDate?) {
        self.from = from
        self.through = through
    }

    /// `true` when `date` falls inside the period.
    public func contains(_ date: CalendarDate) -> Bool {
        if let from, date < from { return false }
        if let through, date > through { return false }
        return true
    }

    /// A human-readable form such as "2010-11-01 to 2014-10-31" or "from 2014-11-01".
    public var description: String {
        switch (from, through) {
        case let (from?, through?): return "\(from) to \(through)"
        case let (from?, nil): return "from \(from)"
        case let (nil, through?): return "through \(through)"
        case (nil, nil): return "at all times"
        }
    }
}
