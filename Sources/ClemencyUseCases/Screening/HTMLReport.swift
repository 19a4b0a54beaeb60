import ClemencyRules
import ClemencyStore
import Foundation
import Mustache

/// Renders the self-contained HTML report of a screening run from `Templates/report.mustache`
/// (swift-mustache escapes every value in text and attributes).
enum HTMLReport {
    struct Step { let text: String; let citation: String }
    struct Question { let question: String }
    struct Flag { let text: String }
    struct PathwayRow {
        let name: String
        let eligible: Int, needsInformation: Int, ineligible: Int
        let eligibleWidth: Int, needsWidth: Int, ineligibleWidth: Int
    }
    struct DistrictRow { let name: String; let cases: Int; let eligible: Int; let overserved: Int; let reductionMonths: Int; let monthsStillAhead: Int; let dollars: String }
    struct Cell { let determination: String; let label: String }
    struct Comparison { let label: String; let then: String; let now: String }
    struct PathwayDetail {
        let name: String, determination: String, label: String
        let reasons: [Step], missing: [Question], hasMissing: Bool
    }
    struct Person {
        let rank: Int, anchor: String, caseID: String, district: String, imposed: String, estimate: String, overserved: String
        let reduction: Int, hasReduction: Bool, score: Int
        let cells: [Cell], priorityReasons: [String], comparison: [Comparison], pathwayDetails: [PathwayDetail]
        let steps: [Step], flags: [Flag], hasFlags: Bool
    }
    struct Page {
        let asOf: String, runID: String, createdAt: String, lawVersion: String, policyVersion: String, inputDigest: String
        let inputs: [String], casesScreened: Int, rejected: Int, hasRejected: Bool
        let overservedPeople: Int, overservedMonths: Int, peopleWithReduction: Int, reductionMonths: Int, probablyReleased: Int, prisonYears: String
        let dollars: String, costNote: String
        let pathways: [PathwayRow], districts: [DistrictRow], pathwayNames: [String]
        let people: [Person], hasOmitted: Bool, shown: Int
    }

    static let template: MustacheTemplate? = {
        guard let url = Bundle.module.url(forResource: "report", withExtension: "mustache", subdirectory: "Templates")
            ?? Bundle.module.url(forResource: "Templates/report", withExtension: "mustache"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return nil }
        // The pragma, on the template's first line before its own text, selects the escaper and writes nothing.
        MustacheContentTypes.register(HTMLBytesContentType(), named: HTMLBytesContentType.name)
        return try? MustacheTemplate(string: "{{% CONTENT_TYPE: \(HTMLBytesContentType.name)}}" + text)
    }()

    static func label(_ determination: Determination) -> String {
        switch determination {
        case .eligible: return "Eligible"
        case .ineligible: return "Ineligible"
        case .needsInformation: return "Needs information"
        }
    }

    static func pathwayName(_ key: String) -> String {
        let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
        let variant = parts.count > 1 ? parts[1] : ""
        switch parts[0] {
        case "clemency_initiative_2014": return variant == "january_2014" ? "Clemency criteria (January 2014)" : "Clemency Initiative (April 2014)"
        case "first_step_act_404": return "First Step Act § 404"
        case "guideline_reduction_3582c2": return "§ 3582(c)(2), Amendment \(variant)"
        case "proposed_law":
            switch variant {
            case "smarter_sentencing_act_2014": return "What-if: Smarter Sentencing Act"
            case "crack_powder_1_to_1": return "What-if: crack = powder (1:1)"
            default: return "What-if: \(variant)"
            }
        default: return key
        }
    }

    static func render(run: ScreeningRun, summary: ScreeningSummary, top: [ScreeningResult], keys: [String], law: LawLibrary) -> String {
        let maxCount = Swift.max(1, summary.total.cases)
        func width(_ count: Int) -> Int { count * 240 / maxCount }
        let pathways = keys.map { key -> PathwayRow in
            let counts = summary.determinations[key] ?? [:]
            let eligible = counts["eligible"] ?? 0, needs = counts["needs_information"] ?? 0, ineligible = counts["ineligible"] ?? 0
            return PathwayRow(name: pathwayName(key), eligible: eligible, needsInformation: needs, ineligible: ineligible,
                              eligibleWidth: width(eligible), needsWidth: width(needs), ineligibleWidth: width(ineligible))
        }
        let districts = summary.districts.keys.sorted().map { name -> DistrictRow in
            let totals = summary.districts[name] ?? ScreeningSummary.Totals()
            return DistrictRow(name: name, cases: totals.cases, eligible: totals.eligibleForSomeRelief, overserved: totals.overservedPeople,
                               reductionMonths: totals.reductionMonths, monthsStillAhead: totals.monthsStillAhead,
                               dollars: summary.dollars(forMonths: totals.monthsStillAhead).map { "$" + $0.grouped } ?? "")
        }
        let people = top.map { person($0, keys: keys) }
        let page = Page(
            asOf: run.asOf.description, runID: run.id, createdAt: run.createdAt, lawVersion: run.lawVersion, policyVersion: run.policyVersion,
            inputDigest: run.inputDigest, inputs: run.inputFiles.map { URL(fileURLWithPath: $0).lastPathComponent },
            casesScreened: summary.total.cases, rejected: summary.rejected, hasRejected: summary.rejected > 0,
            overservedPeople: summary.total.overservedPeople, overservedMonths: summary.total.overservedMonths,
            peopleWithReduction: summary.total.peopleWithReduction, reductionMonths: summary.total.reductionMonths,
            probablyReleased: summary.total.probablyReleased,
            prisonYears: String(summary.total.prisonYears),
            dollars: summary.dollars(forMonths: summary.total.monthsStillAhead).map { "$" + $0.grouped } ?? "no cost data",
            costNote: summary.costFiscalYear.map { "Dollars: months of reduction still ahead (not beyond each projected release) × the FY\($0) BOP cost of incarceration fee ÷ 12 (\(summary.costCitation ?? ""))." } ?? "",
            pathways: pathways, districts: districts, pathwayNames: keys.map(pathwayName), people: people,
            hasOmitted: people.count < summary.total.cases, shown: people.count)
        return template?.render(page) ?? "<!DOCTYPE html><title>report</title><p>The report template is missing from the bundle.</p>"
    }

    static func person(_ result: ScreeningResult, keys: [String]) -> Person {
        let analysis = result.analysis
        let byKey = Dictionary(result.pathways.map { (ScreeningSummary.key($0), $0) }, uniquingKeysWith: { first, _ in first })
        let cells = keys.map { key -> Cell in
            guard let determination = byKey[key]?.determination else { return Cell(determination: "", label: "") }
            return Cell(determination: determination.rawValue, label: label(determination))
        }
        let then = analysis.atSentencing, now = analysis.currentLaw
        func text(_ value: (any CustomStringConvertible)?) -> String { value?.description ?? "unknown" }
        let comparison = [
            Comparison(label: "Date", then: text(then.date), now: text(now.date)),
            Comparison(label: "Statute", then: text(then.statute), now: text(now.statute)),
            Comparison(label: "Mandatory minimum", then: text(then.statutoryMinimum), now: text(now.statutoryMinimum)),
            Comparison(label: "Statutory maximum", then: text(then.statutoryMaximum), now: text(now.statutoryMaximum)),
            Comparison(label: "Base offense level", then: text(then.baseOffenseLevel), now: text(now.baseOffenseLevel)),
            Comparison(label: "Total offense level", then: text(then.totalOffenseLevel), now: text(now.totalOffenseLevel)),
            Comparison(label: "Criminal history category", then: text(then.criminalHistoryCategory), now: text(now.criminalHistoryCategory)),
            Comparison(label: "Guideline range", then: text(then.guidelineRange), now: text(now.guidelineRange)),
            Comparison(label: "Manual", then: text(then.manualEdition), now: text(now.manualEdition)),
        ]
        let details = result.pathways.map { pathway in
            PathwayDetail(name: pathwayName(ScreeningSummary.key(pathway)), determination: pathway.determination.rawValue,
                          label: label(pathway.determination), reasons: pathway.reasons.map { Step(text: $0.text, citation: $0.citation) },
                          missing: pathway.missingFacts.map { Question(question: "\($0.question) (\($0.fact))") },
                          hasMissing: !pathway.missingFacts.isEmpty)
        }
        return Person(
            rank: result.priority.rank ?? 0, anchor: analysis.caseID.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" },
            caseID: analysis.caseID, district: result.district ?? "", imposed: text(analysis.sentenceImposed),
            estimate: analysis.estimatedSentenceToday?.description ?? "cannot be estimated",
            overserved: result.overservedMonths.map { $0 > 0 ? "\($0) months" : "no" } ?? "unknown",
            reduction: analysis.reductionMonths ?? 0, hasReduction: (analysis.reductionMonths ?? 0) > 0, score: result.priority.score,
            cells: cells, priorityReasons: result.priority.reasons, comparison: comparison, pathwayDetails: details,
            steps: analysis.steps.map { Step(text: $0.text, citation: $0.citation) }, flags: analysis.flags.map { Flag(text: $0.text) },
            hasFlags: !analysis.flags.isEmpty)
    }
}

// Values are looked up by name without `Mirror` (which costs more than the rest of the rendering).
extension HTMLReport.Step: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "text": self.text
        case "citation": self.citation
        default: nil
        }
    }
}

extension HTMLReport.Question: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "question": self.question
        default: nil
        }
    }
}

extension HTMLReport.Flag: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "text": self.text
        default: nil
        }
    }
}

extension HTMLReport.PathwayRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "eligible": self.eligible
        case "needsInformation": self.needsInformation
        case "ineligible": self.ineligible
        case "eligibleWidth": self.eligibleWidth
        case "needsWidth": self.needsWidth
        case "ineligibleWidth": self.ineligibleWidth
        default: nil
        }
    }
}

extension HTMLReport.DistrictRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "cases": self.cases
        case "eligible": self.eligible
        case "overserved": self.overserved
        case "reductionMonths": self.reductionMonths
        case "monthsStillAhead": self.monthsStillAhead
        case "dollars": self.dollars
        default: nil
        }
    }
}

extension HTMLReport.Cell: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "determination": self.determination
        case "label": self.label
        default: nil
        }
    }
}

extension HTMLReport.Comparison: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": self.label
        case "then": self.then
        case "now": self.now
        default: nil
        }
    }
}

extension HTMLReport.PathwayDetail: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "determination": self.determination
        case "label": self.label
        case "reasons": self.reasons
        case "missing": self.missing
        case "hasMissing": self.hasMissing
        default: nil
        }
    }
}

extension HTMLReport.Person: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "rank": self.rank
        case "anchor": self.anchor
        case "caseID": self.caseID
        case "district": self.district
        case "imposed": self.imposed
        case "estimate": self.estimate
        case "overserved": self.overserved
        case "reduction": self.reduction
        case "hasReduction": self.hasReduction
        case "score": self.score
        case "cells": self.cells
        case "priorityReasons": self.priorityReasons
        case "comparison": self.comparison
        case "pathwayDetails": self.pathwayDetails
        case "steps": self.steps
        case "flags": self.flags
        case "hasFlags": self.hasFlags
        default: nil
        }
    }
}

extension HTMLReport.Page: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "asOf": self.asOf
        case "runID": self.runID
        case "createdAt": self.createdAt
        case "lawVersion": self.lawVersion
        case "policyVersion": self.policyVersion
        case "inputDigest": self.inputDigest
        case "inputs": self.inputs
        case "casesScreened": self.casesScreened
        case "rejected": self.rejected
        case "hasRejected": self.hasRejected
        case "overservedPeople": self.overservedPeople
        case "overservedMonths": self.overservedMonths
        case "peopleWithReduction": self.peopleWithReduction
        case "reductionMonths": self.reductionMonths
        case "probablyReleased": self.probablyReleased
        case "prisonYears": self.prisonYears
        case "dollars": self.dollars
        case "costNote": self.costNote
        case "pathways": self.pathways
        case "districts": self.districts
        case "pathwayNames": self.pathwayNames
        case "people": self.people
        case "hasOmitted": self.hasOmitted
        case "shown": self.shown
        default: nil
        }
    }
}

