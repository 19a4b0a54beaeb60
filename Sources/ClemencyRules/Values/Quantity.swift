/// The kind of measure a drug quantity is expressed in.
public enum QuantityUnit: String, Sendable, Hashable, Codable, CaseIterable {
    /// Weight, counted in grams.
    case gram = "g"
    /// Pills, tablets or doses (USSG §2D1.1 comment. n.8(D) "unit").
    case unit
    /// Volume in millilitres.
    case milliliter = "ml"
    /// Live marihuana plants.
    case plant
}

/// An exact, non-negative amount: millionths of a base unit (micrograms for weight).
///
/// Kept as an integer so that a threshold such as "28 grams or more" is compared exactly; the
/// guidelines never state quantities finer than a microgram.
public struct Amount: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Millionths of the base unit (micrograms of weight, millionths of a unit, plant or millilitre).
    public let micros: Int64

    /// One millionth of the base unit per step.
    public static let microsPerUnit: Int64 = 1_000_000

    /// Creates an amount from millionths of the base unit.
    public init(micros: Int64) { self.micros = micros }

    /// Creates an amount of whole base units.
    public init(whole: Int64) { self.micros = whole.multipliedReportingOverflow(by: Amount.microsPerUnit).overflow ? Int64.max : whole * Amount.microsPerUnit }

    /// Parses a plain decimal such as "28", "0.25" or "1500.5" (at most six decimal places; no
    /// exponent, no sign, no thousands separators) as a number of base units.
    public init?(decimal text: some StringProtocol) {
        // One pass over the bytes (a case file holds millions of quantities): ASCII digits, at most one point.
        let limit = Int64.max / Amount.microsPerUnit - 1
        var whole: Int64 = 0, fraction: Int64 = 0
        var wholeDigits = 0, fractionDigits = 0
        var point = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                guard !point else { return nil }
                point = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let digit = Int64(byte - UInt8(ascii: "0"))
            if point {
                fractionDigits += 1
                guard fractionDigits <= 6 else { return nil }
                fraction = fraction * 10 + digit
            } else {
                wholeDigits += 1
                whole = whole * 10 + digit
                guard whole <= limit else { return nil }
            }
        }
        guard wholeDigits + fractionDigits > 0 else { return nil }
        for _ in fractionDigits..<6 { fraction *= 10 }
        micros = whole * Amount.microsPerUnit + fraction
    }

    /// The amount multiplied by a rational factor `numeratorMicros / 1_000_000`, rounded down,
    /// saturating at `Int64.max`.
    public func scaled(byMicros factorMicros: Int64) -> Amount {
        let product = Int128(micros) * Int128(factorMicros) / Int128(Amount.microsPerUnit)
        return Amount(micros: product > Int128(Int64.max) ? Int64.max : Int64(product))
    }

    /// The sum, saturating at `Int64.max`.
    public static func + (lhs: Amount, rhs: Amount) -> Amount {
        let (sum, overflow) = lhs.micros.addingReportingOverflow(rhs.micros)
        return Amount(micros: overflow ? Int64.max : sum)
    }

    /// Zero.
    public static let zero = Amount(micros: 0)

    public static func < (lhs: Amount, rhs: Amount) -> Bool { lhs.micros < rhs.micros }

    /// The amount as a plain decimal without trailing zeros, e.g. "28", "0.25", "7142".
    public var description: String {
        let whole = micros / Amount.microsPerUnit
        var fraction = micros % Amount.microsPerUnit
        guard fraction != 0 else { return String(whole) }
        var digits = 6
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let text = String(fraction)
        return "\(whole)." + String(repeating: "0", count: digits - text.count) + text
    }
}

/// A quantity of one controlled substance, as found in the case facts.
public struct DrugQuantity: Sendable, Hashable, Codable {
    /// The substance's identifier, e.g. `cocaine_base` (see `substances.csv` in the law data).
    public let substance: String
    /// The amount, in the unit below.
    public let amount: Amount
    /// What the amount measures: grams, units, millilitres or plants.
    public let unit: QuantityUnit

    /// Creates a quantity.
    public init(substance: String, amount: Amount, unit: QuantityUnit) {
        self.substance = substance
        self.amount = amount
        self.unit = unit
    }

    /// The quantity as written in the case format, e.g. "50g", "1000 plants", "10000 units".
    public var description: String {
        switch unit {
        case .gram: return amount.micros >= 1_000_000_000 && amount.micros % 1_000_000_000 == 0
            ? "\(amount.micros / 1_000_000_000) kg" : "\(amount) g"
        case .unit: return "\(amount) units"
        case .milliliter: return "\(amount) ml"
        case .plant: return "\(amount) plants"
        }
    }
}
