/// A yes / no / unknown answer to a factual question.
///
/// The engine never turns `unknown` into `no`: an unknown fact that would change a result is
/// reported as a missing fact with the question that would settle it.
public enum Answer: String, Sendable, Hashable, Codable, CaseIterable {
    /// The fact is established.
    case yes
    /// The fact is established not to be so.
    case no
    /// Nobody has said.
    case unknown

    /// `true` for `.yes`, `false` for `.no`, `nil` for `.unknown`.
    public var bool: Bool? {
        switch self {
        case .yes: return true
        case .no: return false
        case .unknown: return nil
        }
    }

    /// Creates an answer from an optional Boolean (`nil` is `.unknown`).
    public init(_ value: Bool?) {
        switch value {
        case true?: self = .yes
        case false?: self = .no
        case nil: self = .unknown
        }
    }
}

/// A criminal history category of the Sentencing Table, I (lowest) to VI (highest).
///
/// Authority: USSG Ch. 5 Pt. A (Sentencing Table); USSG §4A1.1.
public enum CriminalHistoryCategory: Int, Sendable, Hashable, Comparable, Codable, CaseIterable, CustomStringConvertible {
    case i = 1, ii, iii, iv, v, vi

    /// Parses a Roman numeral "I"–"VI" or a digit "1"–"6".
    public init?(text: some StringProtocol) {
        switch text.uppercased() {
        case "I", "1": self = .i
        case "II", "2": self = .ii
        case "III", "3": self = .iii
        case "IV", "4": self = .iv
        case "V", "5": self = .v
        case "VI", "6": self = .vi
        default: return nil
        }
    }

    /// The Roman numeral.
    public var description: String {
        switch self {
        case .i: return "I"
        case .ii: return "II"
        case .iii: return "III"
        case .iv: return "IV"
        case .v: return "V"
        case .vi: return "VI"
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self), let value = CriminalHistoryCategory(rawValue: number) {
            self = value
        } else if let text = try? container.decode(String.self), let value = CriminalHistoryCategory(text: text) {
            self = value
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected I, II, III, IV, V or VI")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// The facts of one federal drug case: the input contract of the law engine.
///
/// Every field but `caseID` may be unknown (`nil`). Facts found at sentencing (offense levels,
/// criminal history category, guideline range) win over the engine's recomputation; when both exist
/// and disagree the analysis says so. The field names mirror the case format in `docs/case-format.md`.
public struct CaseFacts: Sendable, Hashable, Codable {
    /// The case's identifier, unique within an input file.
    public var caseID: String
    /// The federal judicial district, e.g. "Eastern District of Tennessee".
    public var district: String?
    /// The date the offense was committed (the last day of a conspiracy).
    public var offenseDate: CalendarDate?
    /// The date the sentence was imposed.
    public var sentencingDate: CalendarDate?
    /// The calendar year of sentencing, when only the year is known (the USSC datafile's `SENTYR`); the
    /// sentencing date, when known, wins.
    public var sentencingYear: Int?
    /// The date the sentence commenced (18 U.S.C. § 3585(a)).
    public var custodyStartDate: CalendarDate?
    /// Days of prior custody credited against the sentence (18 U.S.C. § 3585(b)).
    public var jailCreditDays: Int?
    /// The statute of conviction that sets the penalty, e.g. 21 U.S.C. § 841(b)(1)(A).
    public var statute: StatuteOfConviction?
    /// The drugs and quantities attributed to the defendant; `nil` when unknown.
    public var drugs: [DrugQuantity]?
    /// Prior convictions charged in an information under 21 U.S.C. § 851 (2 means two or more).
    public var prior851Count: Int?
    /// Whether the § 851 priors would be "serious drug felonies" (21 U.S.C. § 802(57)) today.
    public var priorsQualifyToday: Answer
    /// Whether death or serious bodily injury resulted from the use of the substance (an element).
    public var deathOrSeriousInjury: Answer
    /// The base offense level found at sentencing (USSG §2D1.1(a)).
    public var baseOffenseLevel: Int?
    /// Net specific offense characteristics and Chapter 3 adjustments, excluding acceptance of responsibility (levels).
    public var offenseLevelAdjustments: Int?
    /// The reduction for acceptance of responsibility, USSG §3E1.1 (0, 2 or 3 levels).
    public var acceptanceReduction: Int?
    /// The mitigating-role reduction the court granted, USSG §3B1.2 (0 for none, 2 minor participant,
    /// 3 between, 4 minimal participant; levels). It also lowers a high Drug Quantity Table level under
    /// the cap of §2D1.1(a)(5).
    public var mitigatingRoleReduction: Int?
    /// The total offense level found at sentencing.
    public var totalOffenseLevel: Int?
    /// Criminal history points found at sentencing (all of §4A1.1, including recency and status points).
    public var criminalHistoryPoints: Int?
    /// Of those, points added for recency (former USSG §4A1.1(e), deleted by Amendment 742 on 2010-11-01).
    public var recencyPoints: Int?
    /// Of those, points added for committing the offense under a criminal justice sentence (§4A1.1(d), now (e)).
    public var statusPoints: Int?
    /// The criminal history category found at sentencing.
    public var criminalHistoryCategory: CriminalHistoryCategory?
    /// Whether the court found the defendant a career offender (USSG §4B1.1).
    public var careerOffender: Answer
    /// Whether the safety valve (18 U.S.C. § 3553(f), USSG §5C1.2) applied at sentencing.
    public var safetyValve: Answer
    /// Whether the government moved for a substantial-assistance departure (USSG §5K1.1, 18 U.S.C. § 3553(e)).
    public var substantialAssistance: Answer
    /// Whether the defendant meets the zero-point offender criteria of USSG §4C1.1 (Amendment 821), other than having no points.
    public var zeroPointCriteriaMet: Answer
    /// The bottom of the guideline range found at sentencing (months).
    public var guidelineMinMonths: Int?
    /// The top of the guideline range found at sentencing (months or life).
    public var guidelineMax: SentenceTerm?
    /// The term of imprisonment imposed (months or life), for the drug counts.
    public var sentence: SentenceTerm?

    // MARK: Facts for the relief pathways

    /// The year of birth (for priority by age).
    public var birthYear: Int?
    /// Race as recorded in the source (for population impact reports only; never used in a determination).
    public var race: String?
    /// Whether the offense involved violence, a credible threat, or a weapon.
    public var violentOffense: Answer
    /// Whether there is a history of violence before or during the current term.
    public var historyOfViolence: Answer
    /// Whether the defendant has significant ties to large-scale criminal organizations, gangs or cartels.
    public var organizationTies: Answer
    /// Whether the defendant received an aggravating role adjustment (organizer, leader, manager, supervisor; USSG §3B1.1).
    public var aggravatingRole: Answer
    /// Whether the defendant's conduct in prison has been good (no serious disciplinary infractions).
    public var goodPrisonConduct: Answer
    /// Whether release would pose a threat to public safety (January 2014 criteria).
    public var threatToPublicSafety: Answer
    /// Whether the sentence was imposed or already reduced under the Fair Sentencing Act's §§ 2–3 (First Step Act § 404(c)).
    public var sentenceReducedUnderFairSentencingAct: Answer
    /// Whether an earlier First Step Act § 404 motion was denied after a complete review on the merits (§ 404(c)).
    public var prior404MotionDeniedOnMerits: Answer
    /// Guideline amendments under which the sentence was already reduced by § 3582(c)(2), e.g. ["706", "750"].
    public var reducedUnderAmendments: [String]?
    /// The date of release, when the person has already been released.
    public var releaseDate: CalendarDate?
    /// Whether the case is a drug case at all (a source listing all federal offenses says so); `.no` puts
    /// the case outside what the screening covers.
    public var drugOffense: Answer
    /// Where each fact came from, by case-format field (imported column, parsed text, a correction).
    public var origins: [String: FactOrigin]

    /// Creates case facts with every fact unknown but the identifier.
    public init(caseID: String) {
        self.caseID = caseID
        priorsQualifyToday = .unknown
        deathOrSeriousInjury = .unknown
        careerOffender = .unknown
        safetyValve = .unknown
        substantialAssistance = .unknown
        zeroPointCriteriaMet = .unknown
        violentOffense = .unknown
        historyOfViolence = .unknown
        organizationTies = .unknown
        aggravatingRole = .unknown
        goodPrisonConduct = .unknown
        threatToPublicSafety = .unknown
        sentenceReducedUnderFairSentencingAct = .unknown
        prior404MotionDeniedOnMerits = .unknown
        drugOffense = .unknown
        origins = [:]
    }
}

/// Where a fact came from: the source column or document, and the original text when it was parsed.
public struct FactOrigin: Sendable, Hashable, Codable {
    /// The source, e.g. "column sentence_as_published" or "parsed from offense text" or "corrected by a user".
    public let source: String
    /// The original text the fact was read or parsed from, kept verbatim.
    public let text: String?
    /// `true` when the fact was inferred by parsing free text rather than read from a field.
    public let parsed: Bool

    /// Creates an origin.
    public init(source: String, text: String?, parsed: Bool) {
        self.source = source
        self.text = text
        self.parsed = parsed
    }
}
