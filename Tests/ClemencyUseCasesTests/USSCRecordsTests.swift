import ClemencyLawData
import ClemencyRules
import ClemencyUseCases
import Foundation
import Testing

/// Checks the engine's Sentencing Table and §5G1.1 restriction against real sentencings: the U.S. Sentencing
/// Commission's Individual Offender Datafile rows for the Southern District of New York, fiscal year 2015
/// (`Fixtures/ussc_fy2015_sdny_individual_records.csv`, see `Fixtures/README.md`).
///
/// Columns used (USSC names in brackets): `FinalOffLevel` [XFOLSOR] final offense level; `CrimHistCat`
/// [XCRHISSR] criminal history category 1–6; `MinGuideRange`/`MaxGuideRange` [GLMIN/GLMAX] the guideline
/// range recorded; `STATMIN`/`STATMAX` statutory minimum and maximum (months); `SAFE` safety valve;
/// `SENTTOT0` total prison months imposed; `Offense` the primary offense type. Codes: 9996 = life,
/// -999 = missing.
///
/// Findings (each asserted below):
/// 1. The recorded range is the Sentencing Table cell (USSG Ch. 5 Pt. A) for (FinalOffLevel, CrimHistCat) in
///    792 of the 794 usable rows.
/// 2. The other two (2266096, 2271724) are career offenders convicted under 18 U.S.C. § 924(c) whose range
///    comes from the USSG §4B1.1(c)(3) table (262–327 months with a 3-level acceptance reduction; law.md §3.3),
///    not from the Sentencing Table.
/// 3. The recorded range is *not* restricted by §5G1.1: applying `GuidelineRangeCalculator.restrict` with
///    STATMIN (ignored when SAFE = 1) and STATMAX reproduces the record in 693 rows; in the other 99 the
///    restriction changes the cell and the record keeps the unrestricted cell. STATMIN/STATMAX in this file are
///    case totals over all counts (a consecutive § 924(c) term in firearms cases; maxima summed up to 4,320
///    months), not the single-count limits §5G1.1 speaks of, and the GLMIN/GLMAX fields carry the table cell.
///    So the data cannot check §5G1.1; it checks the Sentencing Table only. Nothing in the engine is tuned to it.
@Suite("USSC FY2015 S.D.N.Y. records against the Sentencing Table and §5G1.1")
struct USSCRecordsTests {
    // MARK: Reading the fixture

    /// One usable row of the datafile.
    struct Record: Sendable {
        let offenderID: String
        let level: Int
        let category: CriminalHistoryCategory
        let recorded: GuidelineRange
        /// STATMIN; `nil` when 0 (no minimum) or missing.
        let statutoryMinimum: SentenceTerm?
        /// STATMAX; `nil` when missing.
        let statutoryMaximum: SentenceTerm?
        /// SAFE as coded: 1 = the safety valve applied; 0 = no; 2 (3 rows) undocumented here; -999 missing.
        let safe: String
        let sentenceMonths: Double?
        let offense: String
    }

    struct Fixture: Sendable {
        /// Data rows in the file.
        let rowCount: Int
        /// Rows with FinalOffLevel, CrimHistCat, MinGuideRange and MaxGuideRange present.
        let usable: [Record]
        /// OffenderIDs of the rows left out.
        let unusableIDs: [String]
    }

    static let fixtureURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/ussc_fy2015_sdny_individual_records.csv")

    /// A USSC coded term: 9996 = life, -999 or empty = missing, otherwise whole months.
    static func term(_ text: String?) -> SentenceTerm? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty, text != "-999" else { return nil }
        if text == "9996" { return .life }
        guard let months = Int(text), months >= 0 else { return nil }
        return .months(months)
    }

    static func load() throws -> Fixture {
        let reader = try RecordReader(path: fixtureURL.path)
        var rowCount = 0
        var usable: [Record] = []
        var unusable: [String] = []
        for row in reader {
            rowCount += 1
            let values = row.values
            let id = values["OffenderID"] ?? "?"
            guard values["__field_count__"] == nil,
                let level = Int(values["FinalOffLevel"] ?? ""), level != -999,
                let categoryNumber = Int(values["CrimHistCat"] ?? ""), let category = CriminalHistoryCategory(rawValue: categoryNumber),
                let low = term(values["MinGuideRange"]), let high = term(values["MaxGuideRange"])
            else {
                unusable.append(id)
                continue
            }
            let minimum = term(values["STATMIN"])
            usable.append(Record(
                offenderID: id, level: level, category: category, recorded: GuidelineRange(min: low, max: high),
                statutoryMinimum: minimum == .months(0) ? nil : minimum, statutoryMaximum: term(values["STATMAX"]),
                safe: values["SAFE"] ?? "", sentenceMonths: Double(values["SENTTOT0"] ?? ""), offense: values["Offense"] ?? ""))
        }
        if let failure = reader.failure { throw failure }
        return Fixture(rowCount: rowCount, usable: usable, unusableIDs: unusable)
    }

    static let fixture: Fixture = {
        do { return try load() } catch { fatalError("cannot read the USSC fixture: \(error)") }
    }()

    static let law: LawLibrary = {
        do { return try LawData.loadBundled() } catch { fatalError("bundled law data failed to load: \(error)") }
    }()

    /// The engine's Sentencing Table cell for a record.
    static func cell(_ record: Record) -> GuidelineRange? {
        GuidelineRangeCalculator(law: law).cell(level: record.level, category: record.category)?.range
    }

    /// The cell restricted by USSG §5G1.1 with the record's statutory minimum (which does not bind when the
    /// safety valve applied, 18 U.S.C. § 3553(f), SAFE = 1) and maximum.
    static func restricted(_ record: Record) -> GuidelineRange? {
        guard let cell = cell(record) else { return nil }
        let minimum = record.safe == "1" ? nil : record.statutoryMinimum
        return GuidelineRangeCalculator.restrict(cell, minimum: minimum, maximum: record.statutoryMaximum).range
    }

    // MARK: The explained exceptions

    /// Career offenders with a § 924(c) count, ranged by the USSG §4B1.1(c)(3) table (law.md §3.3).
    static let section4B11cIDs: Set<String> = ["2266096", "2271724"]

    /// Rows where §5G1.1 would lift the bottom of the cell to STATMIN (no safety valve), but the record keeps
    /// the cell: 35 drug cases (26 sentenced below the minimum, i.e. on a substantial-assistance motion under
    /// 18 U.S.C. § 3553(e)), 20 firearms cases (the consecutive § 924(c) term that USSG §2K2.4(b) and §5G1.2(a)
    /// keep outside the guideline range) and 13 others.
    static let minimumNotAppliedIDs: Set<String> = [
        "2212145", "2215556", "2218265", "2218762", "2219295", "2219628", "2220244", "2220687", "2220977", "2221685",
        "2224446", "2224611", "2224612", "2225073", "2225131", "2225623", "2225702", "2229693", "2229878", "2230300",
        "2234406", "2239466", "2243845", "2243893", "2244440", "2246053", "2247482", "2249527", "2249714", "2250272",
        "2250333", "2255628", "2256199", "2256323", "2256406", "2257667", "2258238", "2259214", "2259927", "2260976",
        "2261328", "2263602", "2263606", "2263902", "2266211", "2266959", "2267293", "2268319", "2270709", "2270912",
        "2270952", "2272575", "2273135", "2275961", "2276220", "2276558", "2276595", "2277360", "2280181", "2280236",
        "2282623", "2282657", "2282661", "2284517", "2285419", "2285523", "2286541", "2288656",
    ]

    /// Rows where §5G1.1 would cut the top of the cell to STATMAX, but the record keeps the cell (multi-count
    /// cases, where USSG §5G1.2(d) stacks counts, and rows whose STATMAX is one count's maximum).
    static let maximumNotAppliedIDs: Set<String> = [
        "2210990", "2214409", "2215407", "2215433", "2215454", "2222019", "2222196", "2224370", "2224821", "2239364",
        "2246081", "2247492", "2251023", "2252933", "2253213", "2257688", "2258599", "2263963", "2264658", "2266161",
        "2266840", "2266853", "2272949", "2273525", "2274227", "2274746", "2275488", "2277963", "2280198", "2283761",
        "2285668",
    ]

    // MARK: Tests

    @Test("The fixture reads as 795 records, of which 794 have a level, category and range (USSC FY2015, S.D.N.Y.)")
    func fixtureReads() throws {
        let fixture = Self.fixture
        #expect(fixture.rowCount == 795)
        #expect(fixture.usable.count == 794)
        // The one unusable row has FinalOffLevel, CrimHistCat and both range ends coded -999.
        #expect(fixture.unusableIDs == ["2264047"])
        #expect(Set(fixture.usable.map(\.offenderID)).count == 794, "OffenderIDs repeat")
    }

    // USSG Ch. 5 Pt. A (the table is unchanged since 1992, law.md §3.1; FY2015 sentencings used the Nov. 2013
    // and Nov. 2014 Manuals, with the same table). 9996 = life.
    @Test("The recorded guideline range equals the engine's Sentencing Table cell in 792 of 794 rows (USSG Ch. 5 Pt. A)")
    func recordedRangeIsTheSentencingTableCell() {
        let usable = Self.fixture.usable
        let mismatches = usable.filter { Self.cell($0) != $0.recorded }
        #expect(usable.count - mismatches.count == 792)
        #expect(Set(mismatches.map(\.offenderID)) == Self.section4B11cIDs)
        // Level 43 is life at both ends (law.md §3.1): the 24 rows coded 9996 at the bottom are the level-43 rows.
        let lifeBottoms = usable.filter { $0.recorded.min == .life }
        #expect(lifeBottoms.count == 24)
        #expect(lifeBottoms.allSatisfy { $0.level == 43 })
    }

    // USSG §4B1.1(c) (2014–2016 Manuals): a career offender convicted under 18 U.S.C. § 924(c) gets the greater of
    // (the other counts' range plus the consecutive § 924(c) minimum) and the (c)(3) table range: 360–life, or
    // 292–365 with 2 levels off for acceptance, or 262–327 with 3 levels off (law.md §3.3).
    @Test("The two exceptions are § 924(c) career offenders ranged by the §4B1.1(c)(3) table: 262–327 months (law.md §3.3)",
          arguments: ["2266096", "2271724"])
    func careerOffender924cException(_ offenderID: String) throws {
        let record = try #require(Self.fixture.usable.first { $0.offenderID == offenderID })
        let cell = try #require(Self.cell(record))
        #expect(record.recorded == GuidelineRange(minMonths: 262, maxMonths: 327))
        #expect(cell != record.recorded)
        #expect(record.category == .vi, "a career offender is always Category VI (§4B1.1(b))")
        #expect(record.offense.hasPrefix("Firearms"))
        // A § 924(c) count: a consecutive minimum of at least 5 years and a maximum of life.
        let minimum = try #require(record.statutoryMinimum?.months)
        #expect(minimum >= 60)
        #expect(record.statutoryMaximum == .life)
        // (c)(2)(B)(ii): the table range is the greater one — the cell plus the § 924(c) minimum stays below it.
        let cellBottom = try #require(cell.min.months)
        let cellTop = try #require(cell.max.months)
        #expect(cellBottom + minimum < 262 && cellTop + minimum < 327)
    }

    // USSG §5G1.1 (law.md §3.5) applied with the record's STATMIN/STATMAX: see finding 3 in the suite comment.
    @Test("§5G1.1 restriction with STATMIN/STATMAX reproduces 693 records; the 99 it changes keep the unrestricted cell")
    func restrictionWithStatutoryLimits() {
        let usable = Self.fixture.usable
        let matches = usable.filter { Self.restricted($0) == $0.recorded }
        #expect(matches.count == 693)
        let others = usable.filter { Self.restricted($0) != $0.recorded && !Self.section4B11cIDs.contains($0.offenderID) }
        #expect(others.count == 99)
        // Every one of them is a row where the restriction moved the cell, and the record is the cell itself.
        for record in others {
            #expect(Self.restricted(record) != Self.cell(record), "\(record.offenderID): restriction did not change the cell")
            #expect(Self.cell(record) == record.recorded, "\(record.offenderID): record is not the cell")
        }
        let lifted = Set(others.filter { record in
            guard let cell = Self.cell(record), let minimum = record.statutoryMinimum, record.safe != "1" else { return false }
            return minimum > cell.min
        }.map(\.offenderID))
        let cut = Set(others.filter { record in
            guard let cell = Self.cell(record), let maximum = record.statutoryMaximum else { return false }
            return maximum < cell.max
        }.map(\.offenderID))
        #expect(lifted == Self.minimumNotAppliedIDs)
        #expect(cut == Self.maximumNotAppliedIDs)
        #expect(lifted.isDisjoint(with: cut))
        #expect(lifted.union(cut) == Set(others.map(\.offenderID)))
    }

    @Test("Evidence that the recorded range ignores §5G1.1(b): 44 rows have a minimum above the whole cell yet keep a range")
    func minimumAboveTheCell() {
        let usable = Self.fixture.usable
        let above = usable.filter { record in
            guard let cell = Self.cell(record), let minimum = record.statutoryMinimum, record.safe != "1" else { return false }
            return minimum > cell.max
        }
        #expect(above.count == 44)
        // §5G1.1(b) would make the guideline sentence the single term STATMIN; the record keeps the cell instead.
        #expect(above.allSatisfy { $0.recorded != GuidelineRange(min: $0.statutoryMinimum!, max: $0.statutoryMinimum!) })
        #expect(Set(above.map(\.offenderID)).isSubset(of: Self.minimumNotAppliedIDs))
    }

    @Test("STATMAX is a case total: 21 rows exceed 480 months without being life (sums over counts, up to 4,320 months; USSG §5G1.2(d))")
    func statutoryMaximumIsACaseTotal() {
        let usable = Self.fixture.usable
        let large = usable.compactMap { $0.statutoryMaximum?.months }.filter { $0 > 480 }
        #expect(large.count == 21)
        #expect(large.max() == 4320)
        #expect(usable.filter { $0.statutoryMaximum == nil }.count == 2)
    }

    // 18 U.S.C. § 3553(f), USSG §5C1.2: with the safety valve the court sentences "without regard to any statutory
    // minimum". SAFE = 1 rows with a minimum all got less than it — the reason SAFE = 1 lifts the minimum above.
    @Test("Every SAFE = 1 row with a mandatory minimum was sentenced below it (61 rows; 18 U.S.C. § 3553(f))")
    func safetyValveRowsAreBelowTheMinimum() throws {
        let valved = Self.fixture.usable.filter { $0.safe == "1" && $0.statutoryMinimum != nil }
        #expect(valved.count == 61)
        for record in valved {
            let minimum = try #require(record.statutoryMinimum?.months, "\(record.offenderID)")
            let sentence = try #require(record.sentenceMonths, "\(record.offenderID)")
            #expect(sentence < Double(minimum), "\(record.offenderID): \(sentence) months with a \(minimum)-month minimum")
        }
        // 55 of them have a minimum above the bottom of the cell: without the valve §5G1.1 would have raised it.
        let wouldBind = valved.filter { record in Self.cell(record).map { record.statutoryMinimum! > $0.min } ?? false }
        #expect(wouldBind.count == 55)
        #expect(wouldBind.allSatisfy { Self.restricted($0) == $0.recorded })
    }
}
