import ClemencyLawData
import ClemencyRules
@testable import ClemencyUseCases
import Foundation
import Testing

/// Shared inputs of the importer tests: the bundled law and the two real fixture files
/// (`Fixtures/obama_commutations_sample.csv`, `Fixtures/ussc_fy2015_sdny_individual_records.csv`; sources in
/// `Fixtures/README.md` and `Fixtures/README-grant-list.md`), read through `RecordReader` as `clemency screen` reads them.
enum ImporterFixtures {
    static let law: LawLibrary = {
        do { return try LawData.loadBundled() } catch { fatalError("bundled law data failed to load: \(error)") }
    }()

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let grantListPath = directory.appendingPathComponent("obama_commutations_sample.csv").path
    static let usscPath = directory.appendingPathComponent("ussc_fy2015_sdny_individual_records.csv").path

    /// Every record of a fixture, with its header.
    static func records(_ path: String) -> (header: [String], records: [InputRecord]) {
        do {
            let reader = try RecordReader(path: path)
            let records = Array(reader)
            return (reader.header, records)
        } catch {
            fatalError("cannot read fixture \(path): \(error)")
        }
    }

    static let grantRows: [String: InputRecord] = {
        Dictionary(records(grantListPath).records.map { ($0.values["record_id"] ?? "", $0) }, uniquingKeysWith: { first, _ in first })
    }()

    static let usscRecords: [InputRecord] = records(usscPath).records

    /// "cocaine_base 50 g", "marihuana_plants 1000 plant".
    static func describe(_ quantity: DrugQuantity) -> String { "\(quantity.substance) \(quantity.amount) \(quantity.unit.rawValue)" }

    static func date(_ text: String) -> CalendarDate {
        guard let date = CalendarDate(iso: text) else { fatalError("bad test date \(text)") }
        return date
    }
}

// MARK: - The grant list, row by row

/// What each row of the grant list says, written by reading the row (not produced by the parser).
///
/// `drugs` are the quantities stated, one per substance (the largest when counts differ), as
/// "substance amount unit"; `mentioned` the substances named; `cited` the penalty subparagraph the text cites
/// (most severe); `inferred` the tier the importer may infer when nothing is cited (a stated quantity equal to a
/// § 841(b)(1)(A)/(B) threshold in force on the sentencing date); `date` and `sentence` the sentencing date and
/// longest term; flags: F firearm named, V violent crime named, T text cut off.
struct GrantRowExpectation: Sendable, CustomTestStringConvertible {
    let id: String
    let drugs: [String]
    let mentioned: [String]
    let cited: String?
    let inferred: String?
    let date: String?
    let sentence: String?
    let flags: Set<Character>

    var testDescription: String { id }

    init(_ id: String, _ drugs: [String], _ mentioned: [String], cited: String? = nil, inferred: String? = nil,
         date: String?, sentence: String?, flags: String = "") {
        self.id = "OBAMA-COM-" + id
        self.drugs = drugs
        self.mentioned = mentioned
        self.cited = cited
        self.inferred = inferred
        self.date = date
        self.sentence = sentence
        self.flags = Set(flags)
    }

    static let a = "841(b)(1)(A)", b = "841(b)(1)(B)", c = "841(b)(1)(C)"
    static let cb = "cocaine_base", coke = "cocaine", mj = "marihuana", meth = "methamphetamine_mixture"

    static let all: [GrantRowExpectation] = [
        .init("PP1138", ["cocaine 5000 g"], [coke], inferred: a, date: "2006-07-10", sentence: "327"),
        .init("PP1139", [], [cb], date: "2000-03-28", sentence: "262"),
        .init("PP1140", [], [coke], date: "1992-10-23", sentence: "life"),
        .init("PP1141", ["cocaine_base 50 g"], [cb], inferred: a, date: "2009-04-01", sentence: "240"),
        .init("PP1142", [], [mj], date: "1994-08-03", sentence: "420"),
        .init("PP1143", ["cocaine_base 50 g"], [cb, coke], inferred: a, date: "2006-11-29", sentence: "240", flags: "T"),
        .init("PP1144", [], [coke], date: "1993-06-23", sentence: "420"),
        .init("PP1145", [], [coke, cb, mj], date: "2012-09-17", sentence: "life"),
        .init("PP1146", [], [coke], date: "2007-12-11", sentence: "240"),
        .init("PP1147", ["methamphetamine_mixture 50 g"], [meth], inferred: b, date: "2008-02-22", sentence: "185"),
        .init("PP1148", ["cocaine_base 50 g"], [cb], inferred: a, date: "2008-11-25", sentence: "life"),
        .init("PP1149", ["cocaine_base 50 g"], [cb], inferred: a, date: "2008-06-25", sentence: "262"),
        .init("PP1150", [], [mj], date: "1994-07-26", sentence: "life", flags: "T"),
        .init("PP1151", ["cocaine_base 28.7 g"], [cb], date: "2009-09-28", sentence: "200"),
        .init("PP1152", ["cocaine_base 70.2 g"], [cb], date: "2004-07-02", sentence: "262"),
        .init("PP1153", [], ["heroin"], date: "1988-09-29", sentence: "396", flags: "T"),
        .init("PP1154", ["methamphetamine_mixture 500 g"], [meth], inferred: a, date: "2009-05-28", sentence: "240"),
        .init("PP1155", ["cocaine_base 50 g"], [cb], inferred: a, date: "2006-12-29", sentence: "292", flags: "F"),
        .init("PP1156", ["cocaine_base 50 g"], [cb], inferred: a, date: "2010-01-25", sentence: "240"),
        .init("PP1157", ["cocaine 5000 g"], [coke], inferred: a, date: "2002-07-12", sentence: "300", flags: "F"),
        .init("PP1158", ["cocaine_base 50 g"], [cb], inferred: a, date: "2008-01-09", sentence: "240"),
        .init("PP1159", [], [cb, "heroin", coke, mj], date: "2006-08-25", sentence: "life"),
        .init("PP1160", [], [cb], date: "1998-01-23", sentence: "360"),
        .init("PP1161", [], [cb], date: "1996-03-18", sentence: "480"),
        .init("PP1162", [], [meth], date: "2000-11-01", sentence: "360"),
        .init("PP1163", ["cocaine_base 50 g"], [cb], inferred: a, date: "2006-08-31", sentence: "262"),
        .init("PP1164", [], [coke], date: "2008-11-12", sentence: "240"),
        // Sentenced after the Fair Sentencing Act: 50 g is no longer a threshold (28 g and 280 g are).
        .init("PP1165", ["cocaine_base 50 g"], [cb], date: "2010-12-20", sentence: "180"),
        .init("PP1166", ["cocaine_base 50 g"], [cb], inferred: a, date: "2007-02-15", sentence: "240"),
        .init("PP1167", [], [meth], date: "1999-01-26", sentence: "360"),
        .init("PP1168", ["cocaine 5000 g", "cocaine_base 50 g"], [coke, cb], inferred: a, date: "2005-02-23", sentence: "life"),
        .init("PP2194", [], [coke, cb], date: "1997-12-23", sentence: "life"),
        .init("PP2193", [], [coke], date: "1992-07-10", sentence: "595", flags: "F"),
        .init("PP2191", ["cocaine_base 5.88 g"], [cb], date: "1997-11-19", sentence: "383"),
        .init("PP2190", [], [cb], date: "2010-06-14", sentence: "240"),
        .init("PP2189", ["cocaine_base 50 g"], [cb], cited: a, date: "1996-10-17", sentence: "life"),
        .init("PP2188", [], [cb], date: "2007-03-14", sentence: "240", flags: "F"),
        .init("PP2187", ["cocaine_base 5 g"], [cb], inferred: b, date: "2006-08-16", sentence: "262"),
        .init("PP2186", [], ["heroin", coke], date: "1996-04-15", sentence: "life"),
        .init("PP2177", [], ["mdma", "ketamine", meth], cited: a, date: nil, sentence: nil, flags: "T"),
        .init("PP2176", [], [cb], cited: a, date: "2003-08-07", sentence: "300", flags: "F"),
        .init("PP2192", ["marihuana 4506650 g"], [mj], cited: a, date: "2009-01-20", sentence: "life"),
        .init("PP2175", [], [coke], date: "1990-12-14", sentence: "480"),
        .init("PP2174", ["cocaine_base 50 g"], [cb], cited: a, date: "2003-03-21", sentence: "300", flags: "F"),
        .init("PP2173", [], [cb], cited: a, date: "2007-01-03", sentence: "240"),
        .init("PP2172", ["cocaine_base 50 g"], [cb], inferred: a, date: "2006-11-17", sentence: "300", flags: "F"),
        .init("PP2171", ["cocaine_base 50 g"], [cb, "heroin", coke], inferred: a, date: "2000-07-07", sentence: "240"),
        .init("PP2170", [], [coke, cb], cited: a, date: "2005-08-02", sentence: "240"),
        .init("PP2169", [], [coke], cited: b, date: "1998-11-18", sentence: "360"),
        .init("PP2256", [], [cb], cited: b, date: nil, sentence: nil, flags: "T"),
        .init("PP2167", [], [coke], cited: a, date: "2005-11-10", sentence: "life"),
        .init("PP2166", ["cocaine 500 g"], [coke], cited: b, date: "2008-05-05", sentence: "300"),
        .init("PP2165", [], [coke], date: "1993-01-26", sentence: "360", flags: "F"),
        .init("PP2164", ["cocaine_base 50 g"], [cb], cited: a, date: "2006-04-05", sentence: "300", flags: "F"),
        .init("PP2160", ["cocaine_base 5 g"], [cb], cited: b, date: nil, sentence: nil, flags: "T"),
        .init("PP2159", [], [cb], cited: b, date: "1993-08-20", sentence: "life", flags: "F"),
        .init("PPNOID", [], [cb], date: "1999-05-27", sentence: "262"),
        // "1,000 or more marijuana plants or 1,000 kilograms or more of marijuana": the weight is an alternative.
        .init("PP2659", ["marihuana_plants 1000 plant"], ["marihuana_plants", mj], inferred: a, date: "2002-04-02", sentence: "life"),
        .init("PP2660", [], [cb], date: "1998-01-22", sentence: "life", flags: "F"),
        .init("PP2661", [], [], date: "1996-05-01", sentence: "324"),
        .init("PP2662", [], [coke], cited: b, date: "1998-11-18", sentence: "360"),
        .init("PP2663", [], [coke, "heroin"], date: "1992-07-09", sentence: "life"),
        .init("PP2664", ["methamphetamine_mixture 500 g"], [meth], cited: a, date: "2003-01-27", sentence: "240"),
        .init("PP2665", ["cocaine_base 5 g"], [cb], cited: b, date: "1993-04-05", sentence: "360"),
        .init("PP2668", ["cocaine_base 139.8 g"], [cb], date: "1995-01-30", sentence: "life"),
        .init("PP2669", ["cocaine 5000 g", "cocaine_base 50 g"], [coke, cb], cited: c, date: "2001-12-03", sentence: "life"),
        .init("PP2670", [], [cb], date: "2003-04-08", sentence: "283"),
        .init("PP2671", ["cocaine_base 50 g"], [cb], inferred: a, date: "2004-05-28", sentence: "240"),
        .init("PP2672", [], [cb], date: "2005-02-23", sentence: "240"),
        .init("PP2674", [], [cb], date: "1994-04-13", sentence: "life"),
        .init("PP2675", [], ["heroin", cb], date: "2003-04-29", sentence: "262"),
        .init("PP2676", ["cocaine_base 50 g"], [cb], cited: a, date: "2001-01-11", sentence: "360", flags: "F"),
        .init("PP2677", ["cocaine_base 50 g"], [cb], inferred: a, date: "1997-11-07", sentence: "life"),
        .init("PP2678", ["cocaine_base 5 g"], [cb], inferred: b, date: "2004-05-21", sentence: "188"),
        .init("PP2679", [], [meth], date: "2002-03-25", sentence: "240"),
        .init("PP2680", [], [meth], cited: a, date: "1995-07-03", sentence: "360"),
        .init("PP2681", [], [cb], date: "1998-12-04", sentence: "life"),
        .init("PP2687", [], [mj], date: "2006-05-11", sentence: "180"),
        .init("PP2689", [], [coke, cb], date: "1993-12-10", sentence: "life"),
        .init("PP2690", [], [cb], date: "1997-05-05", sentence: "life"),
        .init("PP2691", [], [cb, mj], date: "1997-03-25", sentence: "292"),
        .init("PP2692", [], [cb], date: "1996-10-08", sentence: "240", flags: "F"),
        .init("PP2693", [], [cb, meth, coke], date: "1998-10-02", sentence: "life"),
        .init("PP2694", [], [cb], date: "1995-08-03", sentence: "life"),
        .init("PP2695", ["cocaine_base 50 g"], [cb], inferred: a, date: "1993-06-09", sentence: "life"),
        .init("PP2696", [], [coke, cb], date: "1994-11-23", sentence: "life"),
        .init("PP2685", [], [], date: "2001-12-13", sentence: "360"),
        .init("PP2684", [], [], date: "2001-12-12", sentence: "life", flags: "V"),
        .init("PP2683", [], [], date: "2001-12-27", sentence: "262"),
    ]
}

@Suite("Offense text parser")
struct OffenseTextParserTests {
    let parser = OffenseTextParser(law: ImporterFixtures.law)

    @Test("the expectation table covers every row of the grant list, once")
    func tableCoversFixture() {
        let ids = GrantRowExpectation.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(Set(ids) == Set(ImporterFixtures.grantRows.keys))
        #expect(ids.count == 89)
    }

    @Test("every row of the grant list: drugs, quantities, substances, statute, firearm, violence, truncation",
          arguments: GrantRowExpectation.all)
    func row(_ expected: GrantRowExpectation) throws {
        let record = try #require(ImporterFixtures.grantRows[expected.id])
        let text = record.values["offense_as_published"] ?? ""
        let parsed = parser.parse(text)
        #expect(parsed.drugs.map(ImporterFixtures.describe) == expected.drugs, "\(text)")
        #expect(parsed.drugsMentioned == expected.mentioned, "\(text)")
        #expect(parsed.statute == expected.cited.flatMap { StatuteOfConviction(text: $0) }, "\(text)")
        #expect(parsed.firearm == expected.flags.contains("F"), "\(text)")
        #expect(parsed.violentOffense == expected.flags.contains("V"), "\(text)")
        #expect(parsed.truncated == expected.flags.contains("T"), "\(text)")
    }

    // MARK: Tricky phrasings

    func drugs(_ text: String) -> [String] { parser.parse(text).drugs.map(ImporterFixtures.describe) }

    @Test("a figure in parentheses before the same number in words: \"(50) fifty grams\"")
    func figureAndWords() {
        #expect(drugs("Distribution of (50) fifty grams or more of a mixture and substance containing cocaine base \"crack\"") == ["cocaine_base 50 g"])
    }

    @Test("numbers in words, kilograms to grams")
    func numberWords() {
        #expect(drugs("five kilograms or more of cocaine") == ["cocaine 5000 g"])
        #expect(drugs("five or more kilograms of cocaine") == ["cocaine 5000 g"])
        #expect(drugs("one thousand grams or more of heroin") == ["heroin 1000 g"])
        #expect(drugs("one hundred grams of heroin") == ["heroin 100 g"])
        #expect(drugs("twenty-eight grams of cocaine base") == ["cocaine_base 28 g"])
        #expect(NumberWords.value(["two", "hundred", "eighty"]) == 280)
        #expect(NumberWords.value(["one", "million"]) == 1_000_000)
        #expect(NumberWords.value(["fiftyish"]) == nil)
    }

    @Test("threshold wordings: in excess of, at least, approximately, over, more than")
    func thresholdWordings() {
        let inExcess = parser.parse("in excess of five grams of cocaine base")
        #expect(inExcess.drugs.map(ImporterFixtures.describe) == ["cocaine_base 5 g"])
        #expect(inExcess.statedQuantities.first?.qualifier == .threshold)
        #expect(drugs("at least 50 grams of cocaine base") == ["cocaine_base 50 g"])
        let approximately = parser.parse("approximately 50 grams of cocaine base")
        #expect(approximately.drugs.map(ImporterFixtures.describe) == ["cocaine_base 50 g"])
        #expect(approximately.statedQuantities.first?.qualifier == .approximate)
        #expect(drugs("over 50 grams of cocaine base (crack)") == ["cocaine_base 50 g"])
        #expect(drugs("more than five grams of crack cocaine") == ["cocaine_base 5 g"])
        #expect(drugs("not less than 100 grams of heroin") == ["heroin 100 g"])
        #expect(parser.parse("28.7 grams of cocaine base").statedQuantities.first?.qualifier == .plain)
    }

    @Test("an upper bound is not a least quantity: \"less than 50 grams\"")
    func upperBound() {
        let parsed = parser.parse("distribution of less than 50 grams of cocaine base; 5 grams or less of heroin")
        #expect(parsed.drugs.isEmpty)
        #expect(parsed.drugsMentioned == ["cocaine_base", "heroin"])
        #expect(parsed.notes.contains { $0.contains("upper bound") })
    }

    @Test("marijuana by weight, plants and alternatives")
    func marijuana() {
        #expect(drugs("1,000 kilograms or more of marijuana") == ["marihuana 1000000 g"])
        #expect(drugs("100 kilograms or more of marihuana") == ["marihuana 100000 g"])
        #expect(drugs("manufacture of 1,000 or more marijuana plants") == ["marihuana_plants 1000 plant"])
        let alternatives = parser.parse("1,000 or more marijuana plants or 1,000 kilograms or more of marijuana")
        #expect(alternatives.drugs.map(ImporterFixtures.describe) == ["marihuana_plants 1000 plant"])
        #expect(alternatives.statedQuantities.map(\.alternative) == [false, true])
        #expect(drugs("two pounds of marijuana") == ["marihuana 907.2 g"])
    }

    @Test("cocaine forms: crack and cocaine base are cocaine_base; hydrochloride, powder and salt are cocaine")
    func cocaineForms() {
        #expect(parser.parse("crack cocaine").drugsMentioned == ["cocaine_base"])
        #expect(parser.parse("\"crack\" cocaine").drugsMentioned == ["cocaine_base"])
        #expect(parser.parse("crack").drugsMentioned == ["cocaine_base"])
        #expect(parser.parse("cocaine base").drugsMentioned == ["cocaine_base"])
        #expect(parser.parse("cocaine hydrochloride").drugsMentioned == ["cocaine"])
        #expect(parser.parse("powder cocaine").drugsMentioned == ["cocaine"])
        #expect(parser.parse("cocaine salt").drugsMentioned == ["cocaine"])
        #expect(parser.parse("cocaine, cocaine base and marijuana").drugsMentioned == ["cocaine", "cocaine_base", "marihuana"])
        #expect(parser.parse("cocaine in the form of cocaine base").drugsMentioned == ["cocaine_base"])
        #expect(parser.parse("methamphetamine/cocaine hydrochloride").drugsMentioned == ["methamphetamine_mixture", "cocaine"])
    }

    @Test("methamphetamine: a mixture unless actual or pure; MDMA is not methamphetamine")
    func methamphetamine() {
        #expect(drugs("500 grams or more of a mixture and substance containing methamphetamine") == ["methamphetamine_mixture 500 g"])
        #expect(drugs("50 grams or more of methamphetamine (actual)") == ["methamphetamine_actual 50 g"])
        #expect(drugs("50 grams or more of actual methamphetamine") == ["methamphetamine_actual 50 g"])
        #expect(drugs("5 grams of pure methamphetamine") == ["methamphetamine_actual 5 g"])
        #expect(parser.parse("methylenedioxymethamphetamine and ketamine").drugsMentioned == ["mdma", "ketamine"])
        #expect(parser.parse("ecstasy").drugsMentioned == ["mdma"])
    }

    @Test("other substances resolve through the law data; unknown ones are reported, not guessed")
    func otherSubstances() {
        #expect(drugs("100 grams or more of phencyclidine") == ["pcp_mixture 100 g"])
        #expect(drugs("10 grams or more of LSD") == ["lsd 10 g"])
        #expect(drugs("400 grams or more of fentanyl") == ["fentanyl 400 g"])
        #expect(drugs("1 kilogram or more of heroin") == ["heroin 1000 g"])
        let oxycodone = parser.parse("distribution of oxycodone")
        #expect(oxycodone.drugsMentioned.isEmpty)
        #expect(oxycodone.notes.contains { $0.contains("oxycodone") && $0.contains("law data has no such substance") })
        let ketamineByWeight = parser.parse("500 grams of ketamine")
        #expect(ketamineByWeight.drugs.isEmpty)
        #expect(ketamineByWeight.drugsMentioned == ["ketamine"])
        #expect(parser.parse("a controlled substance").drugsMentioned.isEmpty)
        #expect(parser.parse("five or more fraudulent identification documents").drugs.isEmpty)
    }

    @Test("several quantities of one substance: the largest, with a note")
    func severalQuantities() {
        let parsed = parser.parse("57.9 grams cocaine base; possession and distribution of 70.2 grams cocaine base")
        #expect(parsed.drugs.map(ImporterFixtures.describe) == ["cocaine_base 70.2 g"])
        #expect(parsed.statedQuantities.count == 2)
        #expect(parsed.notes.contains { $0.contains("several quantities of cocaine_base") })
    }

    @Test("a quantity is not carried to the next substance: \"50 grams of heroin and cocaine\"")
    func quantityStaysWithItsSubstance() {
        #expect(drugs("50 grams of heroin and cocaine") == ["heroin 50 g"])
    }

    @Test("statutes: subparagraph after \"& (b)\", lower-case letters, most severe tier, § 960, bare (b)(1)")
    func statutes() {
        func statute(_ text: String) -> String? { parser.parse(text).statute?.description }
        #expect(statute("21 U.S.C. §§ 841(a)(1) & (b)(1)(B)(iii)") == "21 U.S.C. § 841(b)(1)(B)")
        #expect(statute("21 U.S.C. §§ 841(a)(1), 841(b)(1)(a), & 851") == "21 U.S.C. § 841(b)(1)(A)")
        #expect(statute("21 U.S.C. §§ 846, 841(b)(1)(A)(iii),& (b)(1)(C)") == "21 U.S.C. § 841(b)(1)(A)")
        #expect(statute("§ 841(b)(1)(C); five grams or more, 21 U.S.C. §§ 841(a)(1) & 841(b)(1)(B)") == "21 U.S.C. § 841(b)(1)(B)")
        #expect(statute("importation, 21 U.S.C. §§ 952 & 960(b)(2)") == "21 U.S.C. § 960(b)(2)")
        #expect(statute("21 U.S.C. §§ 841(a)(1) & (b)(1)") == nil)
        #expect(statute("21 U.S.C. § 841") == nil)
        #expect(statute("21 U.S.C. § 846; (b)(1)(A)") == nil)
        #expect(statute("18 U.S.C. § 924(c)(1)(A)") == nil)
        let bare = parser.parse("cocaine base, 21 U.S.C. § 841(b)(1)")
        #expect(bare.notes.contains { $0.contains("without naming the penalty subparagraph") })
        let several = parser.parse("21 U.S.C. §§ 841(a)(1) & (b)(1)(B)(iii); 21 U.S.C. §§ 841(a)(1) & (b)(1)(A)")
        #expect(several.statutesCited.map(\.tier) == [.b, .a])
    }

    @Test("firearms: § 924(c), § 922(g) and the word are firearms, not violent crimes")
    func firearms() {
        let felon = parser.parse("possession of a firearm by a convicted felon, 18 U.S.C. § 922(g)")
        #expect(felon.firearm && !felon.violentOffense)
        let drugTrafficking = parser.parse("use and carry firearm during and in relation to a drug trafficking crime, 18 U.S.C. §§ 924(c) & 2")
        #expect(drugTrafficking.firearm && !drugTrafficking.violentOffense)
        #expect(parser.parse("felon in possession, 18 U.S.C. § 922(g)(1) & 924").firearm)
        #expect(!parser.parse("conspiracy to distribute cocaine, 21 U.S.C. § 846").firearm)
    }

    @Test("violent crimes are only those named: murder, robbery, assault, kidnapping, carjacking, a crime of violence")
    func violence() {
        #expect(parser.parse("conspiracy to commit murder, 18 U.S.C. § 1117").violentOffense)
        #expect(parser.parse("Hobbs Act robbery, 18 U.S.C. § 1951").violentOffense)
        #expect(parser.parse("kidnapping, 18 U.S.C. § 1201").violentOffense)
        #expect(parser.parse("carjacking, 18 U.S.C. § 2119").violentOffense)
        #expect(parser.parse("assault on a federal officer, 18 U.S.C. § 111").violentOffense)
        #expect(parser.parse("use of a firearm during and in relation to a crime of violence, 18 U.S.C. § 924(c)").violentOffense)
        #expect(!parser.parse("possession of an assault weapon").violentOffense)
        #expect(!parser.parse("a firearm in relation to a drug trafficking crime or crime of violence").violentOffense)
        #expect(!parser.parse("conspiracy to distribute 50 grams or more of cocaine base").violentOffense)
        #expect(!parser.parse("participation in racketeering activities").violentOffense)
    }

    @Test("cut-off texts: a dangling word, \"§ 8\", a trailing semicolon, the copy's cut length")
    func truncation() {
        #expect(parser.parse("use of telephone to facilitate a").truncated)
        #expect(parser.parse("conspiracy to distribute cocaine base, 21 U.S.C. § 8").truncated)
        #expect(parser.parse("conspiracy to distribute cocaine base, 21 U.S.C. §").truncated)
        #expect(parser.parse("1. Distribution of cocaine base, 21 U.S.C. § 841(b)(1)(B);").truncated)
        #expect(parser.parse("possession with intent (erroneously listed").truncated)
        #expect(parser.parse(String(repeating: "conspiracy to distribute ", count: 11) + "cocaine base and abetting in the possess").truncated)
        #expect(!parser.parse("aiding and abetting, 18 U.S.C. § 2").truncated)
        #expect(!parser.parse("Distributed cocaine base").truncated)
    }

    @Test("a prior conviction or § 851 is noted, never counted")
    func priors() {
        let parsed = parser.parse("50 grams or more of cocaine base after a conviction for a felony drug offense")
        #expect(parsed.notes.contains { $0.contains("§ 851") })
        #expect(parser.parse("21 U.S.C. §§ 841(a)(1) & 851").notes.contains { $0.contains("§ 851") })
    }
}

// MARK: - Grant list importer

@Suite("Grant list importer")
struct GrantListImporterTests {
    let importer = GrantListImporter(law: ImporterFixtures.law)
    let file = "obama_commutations_sample.csv"

    func decode(_ id: String) throws -> CaseFacts {
        let record = try #require(ImporterFixtures.grantRows["OBAMA-COM-" + id])
        return try importer.decode(record.values, file: file, line: record.line).get()
    }

    @Test("every row: date, longest sentence, drugs, statute cited or inferred, violence never no",
          arguments: GrantRowExpectation.all)
    func row(_ expected: GrantRowExpectation) throws {
        let record = try #require(ImporterFixtures.grantRows[expected.id])
        let facts = try importer.decode(record.values, file: file, line: record.line).get()
        #expect(facts.caseID == expected.id)
        #expect(facts.sentencingDate == expected.date.map(ImporterFixtures.date))
        #expect(facts.sentence == expected.sentence.flatMap { SentenceTerm(text: $0) })
        #expect((facts.drugs ?? []).map(ImporterFixtures.describe) == expected.drugs)
        #expect(facts.drugs == nil || !expected.drugs.isEmpty)
        #expect(facts.statute == (expected.cited ?? expected.inferred).flatMap { StatuteOfConviction(text: $0) })
        #expect(facts.violentOffense == (expected.flags.contains("V") ? .yes : .unknown))
        let offense = record.values["offense_as_published"] ?? ""
        if facts.drugs != nil {
            #expect(facts.origins["drugs"] == FactOrigin(source: facts.origins["drugs"]?.source ?? "", text: offense, parsed: true))
            #expect(facts.origins["drugs"]?.source.contains("least quantity") == true)
        }
        if facts.statute != nil {
            let origin = try #require(facts.origins["statute"])
            #expect(origin.text == offense && origin.parsed)
            #expect(origin.source.hasPrefix(expected.cited != nil ? "grant list column offense_as_published: cited" : "inferred"))
        }
        #expect(facts.origins[GrantListImporter.offenseOriginKey]?.text == (offense.isEmpty ? nil : offense))
        let grant = try #require(facts.origins[GrantListImporter.grantOriginKey])
        #expect(grant.source.contains(record.values["grant_date_corrected"] ?? "?"))
    }

    @Test("the grant is kept: type and corrected date, and that a commuted sentence is no longer served")
    func grant() throws {
        let facts = try decode("PP2674")
        let grant = try #require(facts.origins[GrantListImporter.grantOriginKey])
        #expect(grant.text == "Commutation 2014-12-17")
        #expect(grant.source.contains("no longer being served"))
        #expect(grant.source.contains("DOJ section heading row id 2673"))
    }

    @Test("the district and sentencing date come from the parsed columns, with the published text as origin")
    func districtAndDate() throws {
        let facts = try decode("PP1138")
        #expect(facts.district == "Eastern District of Tennessee")
        #expect(facts.sentencingDate == ImporterFixtures.date("2006-07-10"))
        #expect(facts.origins["sentencing_date"]?.text == "Eastern District of Tennessee; July 10, 2006")
        #expect(facts.origins["district"]?.parsed == false)
    }

    @Test("an inferred tier says how: the quantity, the threshold, the date")
    func inferredTier() throws {
        let facts = try decode("PP1138")
        let origin = try #require(facts.origins["statute"])
        #expect(origin.source.contains("5 kg"))
        #expect(origin.source.contains("21 U.S.C. § 841(b)(1)(A)"))
        #expect(origin.source.contains("2006-07-10"))
        #expect(origin.parsed)
    }

    @Test("after the Fair Sentencing Act 50 grams is no threshold: no tier is inferred, and the origin says why")
    func noInferenceAfterFairSentencingAct() throws {
        let facts = try decode("PP1165")
        #expect(facts.statute == nil)
        #expect(facts.origins[GrantListImporter.offenseOriginKey]?.source.contains("no penalty tier inferred") == true)
    }

    @Test("the drugs origin says how each quantity was stated: threshold, approximate or as stated")
    func drugsOrigin() throws {
        #expect(try decode("PP1138").origins["drugs"]?.source.contains("cocaine 5 kg from \"five kilograms or more of cocaine\" (a statutory threshold: at least this much)") == true)
        #expect(try decode("PP2677").origins["drugs"]?.source.contains("(approximate)") == true)
        #expect(try decode("PP1151").origins["drugs"]?.source.contains("28.7 g from \"28.7 grams of cocaine base\" (as stated)") == true)
    }

    @Test("several cases or terms: the longest term and a note; the first date and a note")
    func severalTerms() throws {
        let twoCases = try decode("PP1150")
        #expect(twoCases.sentence == .life)
        #expect(twoCases.sentencingDate == ImporterFixtures.date("1994-07-26"))
        #expect(twoCases.origins["sentence_months"]?.source.contains("the longest is used") == true)
        #expect(twoCases.origins["sentence_months"]?.source.contains("life_imprisonment says False") == true)
        #expect(twoCases.origins["sentencing_date"]?.source.contains("the first is used") == true)
        let amended = try decode("PP2193")
        #expect(amended.sentence == .months(595))
        #expect(amended.origins["sentence_months"]?.source.contains("595 months, 511 months") == true)
        let years = try decode("PP1153")
        #expect(years.sentence == .months(396))
        #expect(years.origins["sentence_months"]?.source.contains("converted to months") == true)
        #expect(years.origins["sentence_months"]?.parsed == true)
        let lifePlus = try decode("PP2159")
        #expect(lifePlus.sentence == .life)
    }

    @Test("a row without date or sentence is kept, with those facts unknown")
    func missingFactsKept() throws {
        let facts = try decode("PP2177")
        #expect(facts.sentencingDate == nil && facts.sentence == nil && facts.district == nil)
        #expect(facts.statute == StatuteOfConviction(text: "841(b)(1)(A)"))
        #expect(facts.origins[GrantListImporter.offenseOriginKey]?.source.contains("seems cut off") == true)
    }

    @Test("a cited tier below what the stated quantities reach is kept, with a note")
    func citedBelowQuantities() throws {
        let facts = try decode("PP2669")
        #expect(facts.statute == StatuteOfConviction(text: "841(b)(1)(C)"))
        #expect(facts.origins[GrantListImporter.offenseOriginKey]?.source.contains("reach tier (A)") == true)
    }

    @Test("a firearm leaves violence unknown and says so; an explicit violent crime is yes")
    func firearmAndViolence() throws {
        let felon = try decode("PP1155")
        #expect(felon.violentOffense == .unknown)
        #expect(felon.origins["violent_offense"]?.source.contains("firearm") == true)
        let murder = try decode("PP2684")
        #expect(murder.violentOffense == .yes)
        #expect(murder.origins["violent_offense"]?.parsed == true)
    }

    @Test("dates written out are read without a locale")
    func longDates() {
        #expect(LongDate.parse("July 10, 2006") == ImporterFixtures.date("2006-07-10"))
        #expect(LongDate.parse("Sept. 3, 1999") == ImporterFixtures.date("1999-09-03"))
        #expect(LongDate.parse("february 29, 2000") == ImporterFixtures.date("2000-02-29"))
        #expect(LongDate.parse("February 29, 2001") == nil)
        #expect(LongDate.parse("Juli 10, 2006") == nil)
        #expect(LongDate.parse("10 July 2006") == nil)
    }

    // MARK: Rejections

    func values(_ changes: [String: String]) throws -> [String: String] {
        var values = try #require(ImporterFixtures.grantRows["OBAMA-COM-PP1138"]).values
        for (key, value) in changes { values[key] = value }
        return values
    }

    func problems(_ changes: [String: String]) throws -> [InputProblem] {
        switch importer.decode(try values(changes), file: "grants.csv", line: 7) {
        case .success: return []
        case .failure(let rejection): return rejection.problems
        }
    }

    @Test("a row without a record_id is rejected")
    func missingID() throws {
        let found = try problems(["record_id": " "])
        #expect(found == [InputProblem(file: "grants.csv", line: 7, field: "record_id", value: " ", expected: "a non-empty record identifier")])
    }

    @Test("malformed values that are present are rejected, naming file, line, field, value and expected form")
    func malformed() throws {
        #expect(try problems(["sentence_date_parsed": "Juli 10, 2006"]) == [
            InputProblem(file: "grants.csv", line: 7, field: "sentence_date_parsed", value: "Juli 10, 2006",
                         expected: "a date such as July 10, 2006 (several separated by semicolons)"),
        ])
        #expect(try problems(["life_imprisonment": "maybe"]) == [
            InputProblem(file: "grants.csv", line: 7, field: "life_imprisonment", value: "maybe", expected: "True or False"),
        ])
        #expect(try problems(["imposed_months_parsed": "twelve"]) == [
            InputProblem(file: "grants.csv", line: 7, field: "imposed_months_parsed", value: "twelve",
                         expected: "a whole number of months from 0 to 12000"),
        ])
        #expect(try problems(["grant_date_corrected": "2017/01/19"]) == [
            InputProblem(file: "grants.csv", line: 7, field: "grant_date_corrected", value: "2017/01/19", expected: "a date as YYYY-MM-DD"),
        ])
        #expect(try problems(["__field_count__": "12 of 13"]).map(\.field) == ["(record)"])
        #expect(try problems(["life_imprisonment": "maybe", "imposed_months_parsed": "-3"]).count == 2)
    }

    @Test("empty or unreadable sentence facts are not rejected")
    func emptyIsUnknown() throws {
        let facts = try importer.decode(try values(["sentence_date_parsed": "", "imposed_months_parsed": "", "sentence_as_published": "",
                                                   "life_imprisonment": ""]), file: "grants.csv", line: 7).get()
        #expect(facts.sentencingDate == nil && facts.sentence == nil && facts.statute == nil)
        let unreadable = try importer.decode(try values(["imposed_months_parsed": "", "sentence_as_published": "time served"]),
                                             file: "grants.csv", line: 7).get()
        #expect(unreadable.sentence == nil)
    }
}

// MARK: - USSC datafile importer

@Suite("USSC datafile importer")
struct USSCDatafileImporterTests {
    let importer = USSCDatafileImporter(law: ImporterFixtures.law)
    let file = "ussc_fy2015_sdny_individual_records.csv"

    /// The rows with FinalOffLevel, CrimHistCat, MinGuideRange and MaxGuideRange present.
    static let usable = ImporterFixtures.usscRecords.filter { record in
        ["FinalOffLevel", "CrimHistCat", "MinGuideRange", "MaxGuideRange"].allSatisfy { record.values[$0] != "-999" }
    }

    /// Every row decodes; none is rejected. The Offense column says whether it is a drug case.
    @Test("every row of the datafile decodes, marked as a drug case or not by its Offense column")
    func everyRow() {
        #expect(ImporterFixtures.usscRecords.count == 795)
        #expect(Self.usable.count == 794)
        for record in ImporterFixtures.usscRecords {
            switch importer.decode(record.values, file: file, line: record.line) {
            case .failure(let rejection): Issue.record("line \(record.line) rejected: \(rejection.problems)")
            case .success(let facts):
                let drug = (record.values["Offense"] ?? "").hasPrefix("Drugs")
                #expect(facts.drugOffense == (drug ? .yes : .no), "line \(record.line)")
            }
        }
    }

    @Test("every usable row: offense level, category, guideline range and sentence as recorded")
    func usableRows() throws {
        var checked = 0
        for record in Self.usable {
            let v = record.values
            let facts = try importer.decode(v, file: file, line: record.line).get()
            #expect(facts.caseID == v["OffenderID"])
            #expect(facts.totalOffenseLevel == Int(v["FinalOffLevel"] ?? ""))
            #expect(facts.criminalHistoryCategory?.rawValue == Int(v["CrimHistCat"] ?? ""))
            let low = v["MinGuideRange"] ?? "", high = v["MaxGuideRange"] ?? ""
            #expect(facts.guidelineMinMonths == (low == "9996" ? nil : Int(low)), "line \(record.line)")
            #expect(facts.guidelineMax == (high == "9996" ? .life : Int(high).map { .months($0) }), "line \(record.line)")
            let sentence = v["SENTTOT0"] ?? ""
            let expected: SentenceTerm?
            switch sentence {
            case "-999": expected = nil
            case "9996": expected = .life
            case "470" where v["MinTimeServed"] == "470": expected = .life
            default: expected = Double(sentence).map { .months(Int($0.rounded(.toNearestOrAwayFromZero))) }
            }
            #expect(facts.sentence == expected, "line \(record.line): SENTTOT0 \(sentence)")
            #expect(facts.sentencingDate == nil)
            #expect(facts.safetyValve == .unknown)
            #expect(facts.drugs == nil)
            checked += 1
        }
        #expect(checked == 794)
    }

    @Test("the imported range is the Sentencing Table cell in all but the two §4B1.1(c) rows")
    func rangesMatchTheTable() throws {
        let calculator = GuidelineRangeCalculator(law: ImporterFixtures.law)
        var differing: [String] = []
        for record in Self.usable {
            let facts = try importer.decode(record.values, file: file, line: record.line).get()
            let level = try #require(facts.totalOffenseLevel), category = try #require(facts.criminalHistoryCategory)
            let cell = try #require(calculator.cell(level: level, category: category))
            let low: SentenceTerm = facts.guidelineMinMonths.map { .months($0) } ?? .life
            if cell.range.min != low || cell.range.max != facts.guidelineMax { differing.append(facts.caseID) }
        }
        #expect(differing.sorted() == ["2266096", "2271724"])
    }

    @Test("SENTTOT0: fractions round to whole months; 0 is no prison; 470 is life only when MinTimeServed says so")
    func sentences() throws {
        func sentence(_ senttot: String, served: String = "0") throws -> SentenceTerm? {
            var values = try #require(Self.usable.first).values
            values["SENTTOT0"] = senttot
            values["MinTimeServed"] = served
            return try importer.decode(values, file: file, line: 2).get().sentence
        }
        #expect(try sentence("12.03") == .months(12))
        #expect(try sentence("0.56") == .months(1))
        #expect(try sentence("0.03") == .months(0))
        #expect(try sentence("0") == .months(0))
        #expect(try sentence("9996") == .life)
        #expect(try sentence("470", served: "470") == .life)
        #expect(try sentence("470", served: "409.46") == .months(470))
        #expect(try sentence("470", served: "-999") == nil)
        #expect(try sentence("-999") == nil)
        #expect(try sentence("1320") == .months(1320))
    }

    func row(_ id: String) throws -> InputRecord {
        try #require(ImporterFixtures.usscRecords.first { $0.values["OffenderID"] == id })
    }

    @Test("a row with every guideline value missing decodes with those facts unknown")
    func missingRow() throws {
        let record = try row("2264047")
        let facts = try importer.decode(record.values, file: file, line: record.line).get()
        #expect(facts.totalOffenseLevel == nil && facts.criminalHistoryCategory == nil)
        #expect(facts.guidelineMinMonths == nil && facts.guidelineMax == nil)
        #expect(facts.birthYear == 1934)
    }

    @Test("a life range: maximum life, minimum unset with a note")
    func lifeRange() throws {
        let record = try row("2211124")
        let facts = try importer.decode(record.values, file: file, line: record.line).get()
        #expect(facts.guidelineMax == .life)
        #expect(facts.guidelineMinMonths == nil)
        #expect(facts.origins["guideline_min_months"]?.source.contains("9996 = life") == true)
        #expect(facts.sentence == .months(516))
    }

    @Test("codes kept as codes: race, district, SAFE; SENTYR is a year, not a date")
    func codes() throws {
        let record = try row("2210536")
        let facts = try importer.decode(record.values, file: file, line: record.line).get()
        #expect(facts.race == "USSC race code 3")
        #expect(facts.district == "USSC district code 7")
        #expect(facts.birthYear == 1976)
        #expect(facts.safetyValve == .unknown)
        #expect(facts.origins["safety_valve"]?.text == "1")
        #expect(facts.origins["sentencing_date"]?.text == "2014")
        #expect(facts.sentencingDate == nil)
        #expect(facts.origins["district"]?.source.contains("CIRCDIST 8") == true)
    }

    @Test("a tier is inferred only for drug trafficking rows whose STATMIN/STATMAX fit one § 841 tier in the law data")
    func tiers() throws {
        func statute(_ minimum: String, _ maximum: String, offense: String = "Drugs - Trafficking, Manufacturing, and Importing") throws -> CaseFacts {
            var values = try row("2210536").values
            values["STATMIN"] = minimum
            values["STATMAX"] = maximum
            values["Offense"] = offense
            return try importer.decode(values, file: file, line: 2).get()
        }
        #expect(try statute("60", "480").statute == StatuteOfConviction(section: .section841, tier: .b))
        #expect(try statute("0", "240").statute == StatuteOfConviction(section: .section841, tier: .c))
        #expect(try statute("0", "360").statute == StatuteOfConviction(section: .section841, tier: .c))
        #expect(try statute("0", "60").statute == StatuteOfConviction(section: .section841, tier: .d))
        // 10 years to life is (A) without a prior and (B) with one; 20 to life is (A) with a prior or a death finding.
        let tenToLife = try statute("120", "9996")
        #expect(tenToLife.statute == nil)
        #expect(tenToLife.origins["statute"]?.source.contains("(A), (B)") == true)
        #expect(try statute("240", "9996").statute == nil)
        #expect(try statute("180", "9996").statute == nil)
        #expect(try statute("0", "240", offense: "Embezzlement").statute == nil)
        #expect(try statute("-999", "-999").statute == nil)
        let inferred = try statute("60", "480")
        #expect(inferred.origins["statute"]?.parsed == true)
        #expect(inferred.origins["statute"]?.text?.contains("STATMIN 60 / STATMAX 480") == true)
    }

    @Test("the tier search reads the law data's rows, dated by the sentencing year")
    func tierSearch() {
        let rows = ImporterFixtures.law.statutoryPenalties
        #expect(USSCDatafileImporter.tiers(fitting: .months(60), .months(480), in: rows, section: .section841, year: 2015) == [.b])
        #expect(USSCDatafileImporter.tiers(fitting: .months(120), .life, in: rows, section: .section841, year: 2015) == [.a, .b])
        // A fifteen-year minimum exists only after the First Step Act of 2018 ((A) with one serious drug felony).
        #expect(USSCDatafileImporter.tiers(fitting: .months(180), .life, in: rows, section: .section841, year: 2015) == [])
        #expect(USSCDatafileImporter.tiers(fitting: .months(180), .life, in: rows, section: .section841, year: 2019) == [.a])
    }

    // MARK: Rejections

    func problems(_ changes: [String: String]) throws -> [InputProblem] {
        var values = try row("2210536").values
        for (key, value) in changes { values[key] = value }
        switch importer.decode(values, file: "ussc.csv", line: 9) {
        case .success: return []
        case .failure(let rejection): return rejection.problems
        }
    }

    @Test("malformed values are rejected, naming file, line, field, value and expected form")
    func malformed() throws {
        #expect(try problems(["FinalOffLevel": "44"]) == [
            InputProblem(file: "ussc.csv", line: 9, field: "FinalOffLevel", value: "44",
                         expected: "a total offense level from 1 to 43, or -999 for missing"),
        ])
        #expect(try problems(["CrimHistCat": "VII"]) == [
            InputProblem(file: "ussc.csv", line: 9, field: "CrimHistCat", value: "VII",
                         expected: "a criminal history category from 1 to 6, or -999 for missing"),
        ])
        #expect(try problems(["SENTTOT0": "twelve"]) == [
            InputProblem(file: "ussc.csv", line: 9, field: "SENTTOT0", value: "twelve",
                         expected: "a number of months (fractions allowed), 9996 for life, or -999 for missing"),
        ])
        #expect(try problems(["MinGuideRange": "40", "MaxGuideRange": "30"]) == [
            InputProblem(file: "ussc.csv", line: 9, field: "MinGuideRange", value: "40", expected: "no more than MaxGuideRange (30 months)"),
        ])
        #expect(try problems(["MaxGuideRange": "ten"]).map(\.field) == ["MaxGuideRange"])
        #expect(try problems(["YearBorn": "76"]).map(\.field) == ["YearBorn"])
        #expect(try problems(["STATMIN": "x"]).map(\.field) == ["STATMIN"])
        #expect(try problems(["OffenderID": ""]) == [
            InputProblem(file: "ussc.csv", line: 9, field: "OffenderID", value: "", expected: "a non-empty offender identifier"),
        ])
        #expect(try problems(["FinalOffLevel": "-999", "CrimHistCat": "-999"]).isEmpty)
    }
}

// MARK: - Format detection

@Suite("Input format detection")
struct InputFormatTests {
    @Test("each format is told from its header")
    func detection() {
        #expect(InputFormat.detect(header: ImporterFixtures.records(ImporterFixtures.grantListPath).header) == .grantList)
        #expect(InputFormat.detect(header: ImporterFixtures.records(ImporterFixtures.usscPath).header) == .usscDatafile)
        #expect(InputFormat.detect(header: CaseRecordDecoder.fields) == .caseFormat)
        #expect(InputFormat.detect(header: ["\u{FEFF}case_id", "drugs"]) == .caseFormat)
        #expect(InputFormat.detect(header: ["OffenderID"]) == nil)
        #expect(InputFormat.detect(header: ["offense_as_published"]) == nil)
        #expect(InputFormat.detect(header: ["name", "sentence"]) == nil)
        #expect(InputFormat.detect(header: []) == nil)
    }

    @Test("the raw values name the command-line choices")
    func rawValues() {
        #expect(InputFormat.allCases.map(\.rawValue) == ["case", "ussc", "grant-list"])
    }
}
