import Foundation
import ClemencyRules

/// Renders an analysis as a short memo a lawyer can read and check.
public enum AnalysisMemo {
    /// The memo text for one case.
    ///
    /// - Parameter analysis: The analysis.
    /// - Returns: Plain text, lines of at most a few hundred characters, ending with a newline.
    public static func text(_ analysis: SentenceAnalysis) -> String {
        var out = "SENTENCING DISPARITY ANALYSIS: case \(analysis.caseID)\n"
        out += "Current law as of \(analysis.asOf). Law data \(analysis.ruleVersion).\n\n"
        out += "                          At sentencing            Current law\n"
        func row(_ label: String, _ then: String, _ now: String) {
            out += label.padding(toLength: 26, withPad: " ", startingAt: 0)
                + then.padding(toLength: 25, withPad: " ", startingAt: 0) + now + "\n"
        }
        let then = analysis.atSentencing, now = analysis.currentLaw
        row("Date", then.date?.description ?? "unknown", now.date?.description ?? "unknown")
        row("Statute", then.statute ?? "unknown", now.statute ?? "unknown")
        row("Mandatory minimum", then.statutoryMinimum?.description ?? "unknown", now.statutoryMinimum?.description ?? "unknown")
        row("Statutory maximum", then.statutoryMaximum?.description ?? "unknown", now.statutoryMaximum?.description ?? "unknown")
        row("Base offense level", then.baseOffenseLevel.map(String.init) ?? "unknown", now.baseOffenseLevel.map(String.init) ?? "unknown")
        row("Total offense level", then.totalOffenseLevel.map(String.init) ?? "unknown", now.totalOffenseLevel.map(String.init) ?? "unknown")
        row("Criminal history", then.criminalHistoryCategory?.description ?? "unknown", now.criminalHistoryCategory?.description ?? "unknown")
        row("Guideline range", then.guidelineRange?.description ?? "unknown", now.guidelineRange?.description ?? "unknown")
        out += "\n"
        out += "Sentence imposed:          \(analysis.sentenceImposed?.description ?? "unknown")\n"
        out += "Estimated sentence today:  \(analysis.estimatedSentenceToday?.description ?? "cannot be estimated")\n"
        if let reduction = analysis.reductionMonths {
            out += "Difference:                \(reduction) months\n"
        }
        out += "\nReasoning:\n"
        for (number, step) in analysis.steps.enumerated() {
            out += "  \(number + 1). \(step.text)\n     [\(step.citation)]\n"
        }
        if !analysis.missingFacts.isEmpty {
            out += "\nMissing facts (answers would complete or change this analysis):\n"
            for fact in analysis.missingFacts {
                out += "  - \(fact.fact): \(fact.question) (affects \(fact.affects))\n"
            }
        }
        if !analysis.flags.isEmpty {
            out += "\nAssumptions and warnings:\n"
            for flag in analysis.flags { out += "  - [\(flag.code)] \(flag.text)\n" }
        }
        return out
    }
}
