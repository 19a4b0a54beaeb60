import ClemencyRules
import Foundation

/// How an offense text qualifies a stated quantity.
public enum QuantityQualifier: String, Sendable, Hashable, Codable {
    /// A statutory threshold: "50 grams or more", "at least", "in excess of", "more than", "over".
    /// The quantity is the least amount the conviction establishes.
    case threshold
    /// "approximately 50 grams", "about": the amount found, give or take.
    case approximate
    /// A bare amount, e.g. "28.7 grams of cocaine base".
    case plain
}

/// One quantity an offense text states, with the words it was read from.
public struct StatedQuantity: Sendable, Hashable {
    /// The substance and amount (grams, units, millilitres or plants).
    public let quantity: DrugQuantity
    /// The words read, lower-cased, e.g. "50 grams or more of cocaine base".
    public let phrase: String
    /// How the text qualifies the number.
    public let qualifier: QuantityQualifier
    /// `true` when the quantity is an alternative ("1,000 plants or 1,000 kilograms") and is not counted.
    public let alternative: Bool

    /// Creates a stated quantity.
    public init(quantity: DrugQuantity, phrase: String, qualifier: QuantityQualifier, alternative: Bool) {
        self.quantity = quantity
        self.phrase = phrase
        self.qualifier = qualifier
        self.alternative = alternative
    }
}

/// What an offense description, as the pardon office published it, says about the offense.
///
/// Every field is read from the text alone; nothing is supplied from elsewhere. A fact the text does
/// not state is absent (an empty list, `nil`, `false`), never assumed.
public struct ParsedOffense: Sendable, Hashable {
    /// The quantities stated in the text, one per substance (the largest when several counts state
    /// different amounts of the same substance). Weights are in grams, e.g. "five kilograms or more of
    /// cocaine" → `cocaine` 5,000 g. A quantity stated as a statutory threshold ("or more") is the least
    /// amount the conviction establishes, not the quantity found at sentencing.
    public var drugs: [DrugQuantity]
    /// Every quantity read, in text order, including alternatives and smaller amounts of the same substance.
    public var statedQuantities: [StatedQuantity]
    /// The substance identifiers (`substances.csv` of the law data) the text names, with or without a
    /// quantity, in order of first mention.
    public var drugsMentioned: [String]
    /// The penalty statute the text cites: 21 U.S.C. § 841(b)(1)(A)–(D) or § 960(b)(1)–(4); the most
    /// severe when several are cited; `nil` when none is (a bare "§ 841" or "§ 841(b)(1)" names no tier).
    public var statute: StatuteOfConviction?
    /// Every penalty statute cited, in text order, without repeats.
    public var statutesCited: [StatuteOfConviction]
    /// Whether a firearm count or a firearm is named (18 U.S.C. § 924(c), § 922(g), "firearm", "weapon").
    public var firearm: Bool
    /// Whether an explicitly violent crime is named (murder, manslaughter, assault, robbery, kidnapping,
    /// carjacking, a crime of violence). Drug trafficking and firearm possession are not violent crimes here.
    public var violentOffense: Bool
    /// Whether the text seems cut off (it ends mid-phrase, with "§ 8", a semicolon, or at the length
    /// where the published list's copy cuts texts).
    public var truncated: Bool
    /// Plain-language remarks on what was read and what was left out, and why.
    public var notes: [String]

    /// Creates an empty result: nothing stated.
    public init() {
        drugs = []
        statedQuantities = []
        drugsMentioned = []
        statute = nil
        statutesCited = []
        firearm = false
        violentOffense = false
        truncated = false
        notes = []
    }
}

/// Reads drugs, quantities, the penalty statute, firearm and violence from an offense description such as
/// the pardon office's "Conspiracy to distribute 50 grams or more of cocaine base, 21 U.S.C. §§ 846 &
/// 841(b)(1)(A)".
///
/// Substance names are resolved through the law data (`LawLibrary.substanceID(named:)`), so a name the law
/// data does not know is reported in `notes` and left out rather than guessed. Quantities are read only
/// where a number and a unit stand before the substance ("five kilograms or more of cocaine", "(50) fifty
/// grams or more of a mixture and substance containing cocaine base", "1,000 or more marijuana plants");
/// an upper bound ("less than 50 grams") is not a quantity the conviction establishes and is left out.
///
/// Authority for the tiers: 21 U.S.C. § 841(b)(1)(A)–(D), § 960(b)(1)–(4).
public struct OffenseTextParser: Sendable {
    /// The law data (substance names and measurement conversions).
    public let law: LawLibrary
    private let phrases: [Phrase]

    /// A substance name as it may appear in text, and the name the law data resolves.
    struct Phrase: Sendable {
        let characters: [Character]
        let lawName: String
    }

    /// Texts the pardon office uses that are not aliases in the law data, mapped to names that are.
    static let textNames: [(String, String)] = [
        ("cocaine in the form of cocaine base", "cocaine base"),
        ("cocaine base", "cocaine base"),
        ("crack cocaine", "crack cocaine"),
        ("cocaine hydrochloride", "cocaine hydrochloride"),
        ("cocaine salt", "cocaine hydrochloride"),
        ("powder cocaine", "powder cocaine"),
        ("methamphetamine (actual)", "methamphetamine (actual)"),
        ("actual methamphetamine", "methamphetamine (actual)"),
        ("pure methamphetamine", "methamphetamine (actual)"),
        ("methamphetamine actual", "methamphetamine (actual)"),
        ("methylenedioxymethamphetamine", "3,4-methylenedioxymethamphetamine"),
        ("marijuana plants", "marijuana plants"),
        ("marihuana plants", "marijuana plants"),
        ("phencyclidine", "phencyclidine"),
        ("fentanyl analog", "fentanyl analog"),
        // Named in pardon texts; resolved only if the law data has them (otherwise reported in notes).
        ("oxycodone", "oxycodone"),
        ("hydrocodone", "hydrocodone"),
        ("oxycontin", "oxycodone"),
    ]

    /// Aliases in the law data too loose for free text ("acid", "plants", "hash").
    static let looseAliases: Set<String> = [
        "acid", "plants", "hash", "weed", "coke", "meth", "dm", "mde", "molly", "euphoria", "ice", "“ice”", "qat",
    ]

    /// Creates a parser over the law data.
    public init(law: LawLibrary) {
        self.law = law
        var names: [String: String] = [:]
        for (alias, _) in law.substanceAliases where alias.count >= 3 && !alias.contains("_") && !Self.looseAliases.contains(alias) {
            names[alias] = alias
        }
        for (text, lawName) in Self.textNames { names[text] = lawName }
        phrases = names.map { Phrase(characters: Array($0.key), lawName: $0.value) }
            .sorted { $0.characters.count != $1.characters.count ? $0.characters.count > $1.characters.count : String($0.characters) < String($1.characters) }
    }

    /// Parses an offense description.
    ///
    /// - Parameter text: The description as published.
    /// - Returns: What the text states; see `ParsedOffense`.
    public func parse(_ text: String) -> ParsedOffense {
        var result = ParsedOffense()
        let normalized = Self.normalize(text)
        let characters = Array(normalized)
        readDrugs(characters, into: &result)
        readStatutes(normalized, into: &result)
        readFirearmAndViolence(normalized, into: &result)
        readTruncation(text, into: &result)
        if normalized.hasPrefix("1.") || normalized.hasPrefix("1 .") {
            result.notes.append("the text numbers its cases (\"1.\"); only the cases listed here were read")
        }
        if normalized.contains("after a conviction") || normalized.contains("after a prior conviction") || normalized.range(of: #"\b851\b"#, options: .regularExpression) != nil {
            result.notes.append("the text mentions a prior conviction or 21 U.S.C. § 851: an enhanced penalty may apply (the number of § 851 priors is not stated)")
        }
        result.notes = result.notes.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        return result
    }

    // MARK: Drugs

    private struct DrugMatch {
        let start: Int
        let end: Int
        let text: String
        let lawName: String
    }

    private func readDrugs(_ characters: [Character], into result: inout ParsedOffense) {
        let matches = drugMatches(characters)
        var unresolved: [String] = []
        var previousEnd = 0
        for match in matches {
            defer { previousEnd = match.end }
            guard let id = law.substanceID(named: match.lawName), let substance = law.substances[id] else {
                if !unresolved.contains(match.text) { unresolved.append(match.text) }
                continue
            }
            if !result.drugsMentioned.contains(id) { result.drugsMentioned.append(id) }
            // The quantity, if any, stands between the previous substance (or the start of the count) and this one.
            var clauseStart = 0
            if let semicolon = characters[..<match.start].lastIndex(of: ";") { clauseStart = semicolon + 1 }
            let gapStart = Swift.max(clauseStart, previousEnd)
            let gap = String(characters[gapStart..<match.start])
            let isPlants = id == "marihuana_plants"
            switch Self.quantityBefore(gap, plants: isPlants) {
            case .none:
                continue
            case .upperBound(let words):
                result.notes.append("\"\(words)\(match.text)\" states an upper bound, not a least quantity; not used")
            case .found(let found):
                let phrase = found.words + match.text
                guard let quantity = convert(found, substance: id, unit: isPlants ? .plant : substance.unit) else {
                    result.notes.append("\"\(phrase)\": the law data measures \(substance.displayName) in \(substance.unit.rawValue); quantity not used")
                    continue
                }
                result.statedQuantities.append(StatedQuantity(quantity: quantity, phrase: phrase, qualifier: found.qualifier, alternative: found.alternative))
                if found.alternative {
                    result.notes.append("\"\(phrase)\" is stated as an alternative (\"or\") to the quantity before it; not counted")
                }
            }
        }
        for name in unresolved {
            result.notes.append("\"\(name)\" is named but the law data has no such substance; left out")
        }
        // One quantity per substance: the largest stated (counts may describe the same drugs, so they are not added).
        var order: [String] = []
        var largest: [String: DrugQuantity] = [:]
        var amounts: [String: [String]] = [:]
        for stated in result.statedQuantities where !stated.alternative {
            let key = "\(stated.quantity.substance)|\(stated.quantity.unit.rawValue)"
            if largest[key] == nil { order.append(key) }
            if !amounts[key, default: []].contains(stated.quantity.description) { amounts[key, default: []].append(stated.quantity.description) }
            if let current = largest[key], current.amount >= stated.quantity.amount { continue }
            largest[key] = stated.quantity
        }
        result.drugs = order.compactMap { largest[$0] }
        for key in order where amounts[key, default: []].count > 1 {
            let substance = key.split(separator: "|").first.map(String.init) ?? key
            result.notes.append("several quantities of \(substance) are stated (\(amounts[key, default: []].joined(separator: ", "))); the largest is used, since the counts may overlap")
        }
        for stated in result.statedQuantities where !stated.alternative && stated.qualifier == .threshold {
            result.notes.append("\(stated.quantity.substance) \(stated.quantity.description) from \"\(stated.phrase)\": a statutory threshold, the least quantity the conviction establishes")
        }
    }

    private func drugMatches(_ characters: [Character]) -> [DrugMatch] {
        var matches: [DrugMatch] = []
        var index = 0
        scan: while index < characters.count {
            if index == 0 || !Self.isWordCharacter(characters[index - 1]) {
                for phrase in phrases where phrase.characters.first == characters[index] {
                    let end = index + phrase.characters.count
                    guard end <= characters.count, characters[index..<end].elementsEqual(phrase.characters) else { continue }
                    if end < characters.count, Self.isWordCharacter(characters[end]), let last = phrase.characters.last, Self.isWordCharacter(last) {
                        continue
                    }
                    matches.append(DrugMatch(start: index, end: end, text: String(phrase.characters), lawName: phrase.lawName))
                    index = end
                    continue scan
                }
            }
            index += 1
        }
        return matches
    }

    /// A number and unit found before a substance name.
    struct FoundQuantity {
        /// The number as written in digits ("50", "4506.65", "1,000"), or `nil` when written in words.
        let digits: String?
        /// The number when written in words.
        let wordValue: Int?
        /// The unit word, e.g. "grams"; `nil` for plants counted without a unit.
        let unit: String?
        let qualifier: QuantityQualifier
        /// The words from the number (or its qualifier) to the substance, lower-cased, with a trailing space.
        let words: String
        let alternative: Bool
    }

    enum QuantityReading {
        case none
        case upperBound(String)
        case found(FoundQuantity)
    }

    static let fillerWords: Set<String> = [
        "of", "a", "an", "the", "mixture", "mixtures", "and", "or", "substance", "substances", "containing",
        "detectable", "amount", "its", "salts", "isomers", "net", "weight",
    ]

    static let unitWords: Set<String> = [
        "g", "gm", "gms", "gram", "grams", "kg", "kgs", "kilo", "kilos", "kilogram", "kilograms", "mg", "milligram",
        "milligrams", "lb", "lbs", "pound", "pounds", "oz", "ounce", "ounces", "unit", "units", "pill", "pills",
        "tablet", "tablets", "dose", "doses", "ml", "milliliter", "milliliters", "millilitre", "millilitres",
        "plant", "plants",
    ]

    /// Reads "[qualifier] NUMBER [or more] UNIT [or more] [of] [a mixture and substance containing …]" at the
    /// end of `gap`, the text between the previous substance (or the count's start) and this one.
    static func quantityBefore(_ gap: String, plants: Bool) -> QuantityReading {
        var tokens: [(text: String, offset: Int)] = []
        var offset = 0
        for piece in gap.split(separator: " ", omittingEmptySubsequences: false) {
            let cleaned = piece.trimmingCharacters(in: CharacterSet(charactersIn: ",:"))
            if !cleaned.isEmpty { tokens.append((cleaned, offset)) }
            offset += piece.count + 1
        }
        var index = tokens.count - 1
        func word(_ at: Int) -> String? { at >= 0 && at < tokens.count ? tokens[at].text : nil }
        while let current = word(index), fillerWords.contains(current) { index -= 1 }
        var threshold = false
        if word(index) == "more" || word(index) == "greater", word(index - 1) == "or" {
            threshold = true
            index -= 2
        } else if word(index) == "less", word(index - 1) == "or" {
            return .upperBound(gap.trimmingCharacters(in: .whitespaces) + " ")
        }
        var unit: String?
        if let current = word(index), unitWords.contains(current) {
            unit = current
            index -= 1
            if current == "units", word(index) == "dosage" { index -= 1 }
        }
        if unit == nil && !plants { return .none }
        if word(index) == "more" || word(index) == "greater", word(index - 1) == "or" {
            threshold = true
            index -= 2
        }
        var numberStart = index + 1
        var digits: String?
        var numberWords: [String] = []
        while let current = word(index) {
            let stripped = current.trimmingCharacters(in: CharacterSet(charactersIn: "()"))
            if isDigits(stripped) {
                // "(50) fifty grams": the figure governs the words.
                if digits == nil || current.hasPrefix("(") { digits = stripped }
            } else if NumberWords.isNumberWord(current) {
                numberWords.insert(current, at: 0)
            } else {
                break
            }
            numberStart = index
            index -= 1
        }
        guard digits != nil || !numberWords.isEmpty else { return .none }
        let wordValue = digits == nil ? NumberWords.value(numberWords) : nil
        guard digits != nil || wordValue != nil else { return .none }
        // The qualifier before the number.
        let before = tokens[..<numberStart].map(\.text)
        func endsWith(_ words: [String]) -> Bool { before.count >= words.count && Array(before.suffix(words.count)) == words }
        var qualifier: QuantityQualifier = threshold ? .threshold : .plain
        var phraseStart = numberStart
        for words in [["in", "excess", "of"], ["at", "least"], ["more", "than"], ["not", "less", "than"], ["over"]] where endsWith(words) {
            qualifier = .threshold
            phraseStart = numberStart - words.count
            break
        }
        for words in [["approximately"], ["about"], ["around"], ["roughly"]] where endsWith(words) {
            qualifier = .approximate
            phraseStart = numberStart - words.count
        }
        for words in [["less", "than"], ["fewer", "than"], ["under"], ["up", "to"], ["not", "more", "than"]]
        where endsWith(words) && !endsWith(["not", "less", "than"]) && !endsWith(["not", "fewer", "than"]) {
            return .upperBound(gap.trimmingCharacters(in: .whitespaces) + " ")
        }
        let phraseOffset = tokens[phraseStart].offset
        let words = String(gap[gap.index(gap.startIndex, offsetBy: phraseOffset)...])
        let lead = String(gap[..<gap.index(gap.startIndex, offsetBy: phraseOffset)]).trimmingCharacters(in: .whitespaces)
        return .found(FoundQuantity(digits: digits, wordValue: wordValue, unit: unit, qualifier: qualifier,
                                    words: words.hasSuffix(" ") ? words : words + " ", alternative: lead == "or"))
    }

    static func isDigits(_ text: String) -> Bool {
        guard let first = text.first, first.isASCII, first.isNumber else { return false }
        return text.allSatisfy { ($0.isASCII && $0.isNumber) || $0 == "," || $0 == "." }
    }

    /// The quantity in the substance's unit, or `nil` when the stated unit cannot measure it.
    private func convert(_ found: FoundQuantity, substance: String, unit measure: QuantityUnit) -> DrugQuantity? {
        let amount: Amount
        if let digits = found.digits {
            guard let value = Amount(decimal: digits.replacingOccurrences(of: ",", with: "")) else { return nil }
            amount = value
        } else if let value = found.wordValue {
            amount = Amount(whole: Int64(value))
        } else {
            return nil
        }
        let thousand = 1_000 * Amount.microsPerUnit
        let converted: (Amount, QuantityUnit)?
        switch found.unit {
        case "g", "gm", "gms", "gram", "grams": converted = (amount, .gram)
        case "kg", "kgs", "kilo", "kilos", "kilogram", "kilograms": converted = (amount.scaled(byMicros: thousand), .gram)
        case "mg", "milligram", "milligrams": converted = (Amount(micros: amount.micros / 1_000), .gram)
        case "lb", "lbs", "pound", "pounds": converted = law.constant("grams_per_pound").map { (amount.scaled(byMicros: $0.value.micros), .gram) }
        case "oz", "ounce", "ounces": converted = law.constant("grams_per_ounce").map { (amount.scaled(byMicros: $0.value.micros), .gram) }
        case "unit", "units", "pill", "pills", "tablet", "tablets", "dose", "doses": converted = (amount, .unit)
        case "ml", "milliliter", "milliliters", "millilitre", "millilitres": converted = (amount, .milliliter)
        case "plant", "plants", nil: converted = (amount, .plant)
        default: converted = nil
        }
        guard let (value, unit) = converted, unit == measure else { return nil }
        return DrugQuantity(substance: substance, amount: value, unit: unit)
    }

    // MARK: Statutes

    private func readStatutes(_ normalized: String, into result: inout ParsedOffense) {
        guard let pattern = try? NSRegularExpression(pattern: #"\d+[a-z]?|\([0-9a-z]{1,5}\)|;"#) else { return }
        let source = normalized as NSString
        let tokens = pattern.matches(in: normalized, range: NSRange(location: 0, length: source.length)).map {
            (text: source.substring(with: $0.range), start: $0.range.location, end: $0.range.location + $0.range.length)
        }
        var section: String?
        var untiered: [String] = []
        var index = 0
        func isParen(_ text: String) -> Bool { text.hasPrefix("(") }
        while index < tokens.count {
            let token = tokens[index]
            if token.text == ";" {
                section = nil
                index += 1
                continue
            }
            var chain = ""
            var end = token.end
            var next = index + 1
            if isParen(token.text) {
                chain = token.text
            } else {
                section = token.text
            }
            while next < tokens.count, isParen(tokens[next].text), tokens[next].start == end {
                chain += tokens[next].text
                end = tokens[next].end
                next += 1
            }
            index = next
            guard let current = section, !chain.isEmpty else { continue }
            switch current {
            case "841":
                if chain.range(of: #"^\(b\)\(1\)\([a-d]\)"#, options: .regularExpression) != nil,
                    let statute = StatuteOfConviction(text: "841" + chain) {
                    if !result.statutesCited.contains(statute) { result.statutesCited.append(statute) }
                } else if chain.hasPrefix("(b)") {
                    untiered.append("§ 841\(chain)")
                }
            case "960":
                if chain.range(of: #"^\(b\)\([1-4]\)"#, options: .regularExpression) != nil,
                    let statute = StatuteOfConviction(text: "960" + chain) {
                    if !result.statutesCited.contains(statute) { result.statutesCited.append(statute) }
                } else if chain.hasPrefix("(b)") {
                    untiered.append("§ 960\(chain)")
                }
            default:
                break
            }
        }
        result.statute = result.statutesCited.max { lhs, rhs in
            lhs.tier != rhs.tier ? lhs.tier < rhs.tier : (lhs.section == .section960 && rhs.section == .section841)
        }
        if result.statutesCited.count > 1, let statute = result.statute {
            result.notes.append("several penalty tiers are cited (\(result.statutesCited.map(\.description).joined(separator: ", "))); the most severe, \(statute), is used")
        }
        if result.statute == nil && !untiered.isEmpty {
            result.notes.append("the text cites \(Set(untiered).sorted().joined(separator: ", ")) without naming the penalty subparagraph")
        }
    }

    // MARK: Firearm and violence

    static let firearmWords = ["firearm", "firearms", "weapon", "weapons", "gun", "guns", "ammunition"]
    static let violentPhrases = [
        "murder", "manslaughter", "homicide", "assault", "robbery", "robberies", "kidnapping", "kidnaping",
        "carjacking", "hostage", "crime of violence", "crimes of violence", "violent crime", "violent crimes",
    ]

    private func readFirearmAndViolence(_ normalized: String, into result: inout ParsedOffense) {
        let compact = String(normalized.filter { !$0.isWhitespace && $0 != "§" })
        var firearmReasons: [String] = []
        if compact.contains("924(c)") { firearmReasons.append("18 U.S.C. § 924(c)") }
        if compact.contains("922(g)") { firearmReasons.append("18 U.S.C. § 922(g)") }
        for word in Self.firearmWords where Self.containsPhrase(word, in: normalized) {
            firearmReasons.append("\"\(word)\"")
            break
        }
        if !firearmReasons.isEmpty {
            result.firearm = true
            result.notes.append("a firearm is named (\(firearmReasons.joined(separator: ", ")))")
        }
        var violent: [String] = []
        for phrase in Self.violentPhrases where Self.containsPhrase(phrase, in: normalized) {
            if phrase == "assault", !Self.ranges(of: "assault", in: normalized).contains(where: { range in
                let after = normalized[range.upperBound...]
                return !(after.hasPrefix(" weapon") || after.hasPrefix(" rifle") || after.hasPrefix(" firearm"))
            }) { continue }
            if phrase.hasPrefix("crime"), !Self.ranges(of: phrase, in: normalized).contains(where: { range in
                // "a drug trafficking crime or crime of violence" names the statute's alternatives, not a violent crime.
                let before = normalized[..<range.lowerBound].suffix(30)
                let after = normalized[range.upperBound...].prefix(30)
                return !(before.hasSuffix("drug trafficking crime or ") || after.hasPrefix(" or drug trafficking") || after.hasPrefix(" or a drug trafficking"))
            }) { continue }
            violent.append(phrase)
        }
        if !violent.isEmpty {
            result.violentOffense = true
            result.notes.append("an explicitly violent crime is named (\(violent.map { "\"\($0)\"" }.joined(separator: ", ")))")
        }
    }

    // MARK: Truncation

    /// The length at which the published list's copy cuts offense texts (the data set's README: "cut at
    /// ~250 characters"); a text this long that ends in a bare word is taken as cut off.
    static let cutLength = 250

    static let danglingWords: Set<String> = [
        "a", "an", "the", "of", "to", "in", "and", "or", "with", "by", "for", "from", "within", "at", "on", "as",
        "than", "into", "under", "&", "§", "§§", "u.s.c.", "u.s.c", "usc",
    ]

    private func readTruncation(_ text: String, into result: inout ParsedOffense) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let last = trimmed.last else { return }
        var reason: String?
        let lastWord = trimmed.split(whereSeparator: \.isWhitespace).last.map { $0.lowercased() } ?? ""
        if last == ";" || last == "," || last == ":" {
            reason = "it ends with \"\(last)\""
        } else if trimmed.filter({ $0 == "(" }).count > trimmed.filter({ $0 == ")" }).count {
            reason = "a parenthesis is left open"
        } else if Self.danglingWords.contains(lastWord) {
            reason = "it ends with \"\(lastWord)\""
        } else if trimmed.lowercased().range(of: #"21\s*u\.?\s*s\.?\s*c\.?\s*§+\s*\d{1,2}$"#, options: .regularExpression) != nil {
            reason = "it ends with an incomplete section number (\"\(trimmed.suffix(6))\")"
        } else if trimmed.count >= Self.cutLength && last.isLetter {
            reason = "it is \(trimmed.count) characters long, where the published copy cuts texts, and ends in a bare word"
        }
        if let reason {
            result.truncated = true
            result.notes.append("the text seems cut off: \(reason); counts after the cut are unknown")
        }
    }

    // MARK: Helpers

    /// Lower-cases, turns quotation marks into spaces and collapses white space.
    static func normalize(_ text: String) -> String {
        var lowered = text.lowercased()
        for mark in ["\"", "“", "”", "‘", "’", "`", "\u{00A0}"] { lowered = lowered.replacingOccurrences(of: mark, with: " ") }
        return lowered.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static func isWordCharacter(_ character: Character) -> Bool { character.isLetter || character.isNumber }

    static func ranges(of phrase: String, in text: String) -> [Range<String.Index>] {
        var found: [Range<String.Index>] = []
        var searchStart = text.startIndex
        while let range = text.range(of: phrase, range: searchStart..<text.endIndex) {
            let beforeOK = range.lowerBound == text.startIndex || !isWordCharacter(text[text.index(before: range.lowerBound)])
            let afterOK = range.upperBound == text.endIndex || !isWordCharacter(text[range.upperBound])
            if beforeOK && afterOK { found.append(range) }
            searchStart = range.upperBound
        }
        return found
    }

    static func containsPhrase(_ phrase: String, in text: String) -> Bool { !ranges(of: phrase, in: text).isEmpty }
}

/// English number words ("five", "fifty", "one thousand", "twenty-eight") as integers.
enum NumberWords {
    static let units: [String: Int] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19,
    ]
    static let tens: [String: Int] = [
        "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    ]
    static let scales: [String: Int] = ["hundred": 100, "thousand": 1_000, "million": 1_000_000]

    /// `true` for a word (or hyphenated pair) that is part of a number.
    static func isNumberWord(_ word: String) -> Bool {
        word.split(separator: "-").allSatisfy { part in
            let text = String(part)
            return units[text] != nil || tens[text] != nil || scales[text] != nil
        } && !word.isEmpty
    }

    /// The value of number words in order, e.g. ["one", "thousand"] → 1000, ["twenty-eight"] → 28; `nil`
    /// when they do not form a number.
    static func value(_ words: [String]) -> Int? {
        var total = 0
        var current = 0
        var any = false
        for word in words {
            for part in word.split(separator: "-").map(String.init) {
                if let value = units[part] ?? tens[part] {
                    current += value
                    any = true
                } else if let scale = scales[part] {
                    if scale == 100 {
                        current = Swift.max(current, 1) * 100
                    } else {
                        total += Swift.max(current, 1) * scale
                        current = 0
                    }
                    any = true
                } else {
                    return nil
                }
            }
        }
        return any ? total + current : nil
    }
}
