import Foundation
import ClemencyWorkflow
import Testing

@Suite("The petition pipeline")
struct StatusChangeTests {
    @Test("Only the pipeline's next steps are allowed", arguments: CaseStatus.allCases)
    func onlyNextSteps(from: CaseStatus) throws {
        for to in CaseStatus.allCases {
            if from.allowedNext.contains(to) {
                try StatusChange.check(from: from, to: to, role: .screener)
            } else {
                #expect(throws: WorkflowError.transitionNotAllowed(from: from, to: to)) {
                    try StatusChange.check(from: from, to: to, role: .screener)
                }
            }
        }
    }

    @Test("The pipeline runs intake → screened, then (by acceptance) assigned → drafted → filed → decided")
    func pipelineOrder() {
        #expect(CaseStatus.intake.allowedNext.contains(.screened))
        #expect(!CaseStatus.screened.allowedNext.contains(.assigned))  // only by accepting an offer
        #expect(CaseStatus.assigned.allowedNext.contains(.petitionDrafted))
        #expect(CaseStatus.petitionDrafted.allowedNext.contains(.filed))
        #expect(CaseStatus.filed.allowedNext == [.granted, .denied, .closed])
        #expect(CaseStatus.allCases.filter(\.isFinal) == [.granted, .denied, .closed])
        #expect(CaseStatus.allCases.filter(\.isFinal).allSatisfy { $0.allowedNext.isEmpty })
    }

    @Test("An attorney may not move a case that is not yet assigned")
    func attorneyLimits() throws {
        #expect(throws: WorkflowError.roleNotAllowed(role: .attorney, action: "change the status of a case that is not assigned")) {
            try StatusChange.check(from: .intake, to: .screened, role: .attorney)
        }
        try StatusChange.check(from: .assigned, to: .petitionDrafted, role: .attorney)
        try StatusChange.check(from: .filed, to: .granted, role: .attorney)
    }
}

@Suite("Conflict check (ABA Model Rule 1.7(a); Fed. R. Crim. P. 44(c))")
struct ConflictCheckTests {
    let offered = ConflictCheck.Party(caseID: "C-2", personName: "Jane Roe", coDefendants: ["C-1", "Sam Poe"])

    @Test("A co-defendant named by case id or by name is a conflict")
    func coDefendant() {
        let byID = ConflictCheck.conflicts(of: offered, with: [.init(caseID: "C-1", personName: nil, coDefendants: [])])
        #expect(byID == ["Case C-1, which you represent, is a co-defendant of case C-2."])
        let byName = ConflictCheck.conflicts(of: offered, with: [.init(caseID: "C-9", personName: "SAM  poe", coDefendants: [])])
        #expect(byName.count == 1)
    }

    @Test("A present client who names the offered case as co-defendant is a conflict")
    func reverse() {
        let found = ConflictCheck.conflicts(of: .init(caseID: "C-2", personName: nil, coDefendants: []),
                                            with: [.init(caseID: "C-7", personName: nil, coDefendants: ["c-2"])])
        #expect(found == ["Case C-7, which you represent, names case C-2 as a co-defendant."])
    }

    @Test("The same name already represented is reported; unrelated cases are not")
    func sameName() {
        #expect(ConflictCheck.conflicts(of: offered, with: [.init(caseID: "C-5", personName: "jane roe", coDefendants: [])])
            == ["You already represent a person of the same name in case C-5."])
        #expect(ConflictCheck.conflicts(of: offered, with: [.init(caseID: "C-6", personName: "John Doe", coDefendants: ["C-8"])]).isEmpty)
    }

    // ABA Model Rule 1.9(a): a former client's co-defendant in the same matter needs the former client's informed consent.
    @Test("A former client (case ended) who is a co-defendant, or of the same name, is reported as such (ABA Model Rule 1.9(a))")
    func formerClients() {
        let found = ConflictCheck.conflicts(of: offered, with: [], former: [.init(caseID: "C-1", personName: "John Q. Doe", coDefendants: []),
                                                                      .init(caseID: "C-4", personName: "Jane  Roe", coDefendants: [])])
        #expect(found == ["Case C-1, whom you formerly represented, is a co-defendant of case C-2.",
                          "You formerly represented a person of the same name in case C-4."])
        #expect(ConflictCheck.conflicts(of: offered, with: [], former: [.init(caseID: "C-6", personName: "John Doe", coDefendants: [])]).isEmpty)
    }
}

@Suite("Assignment offers")
struct AssignmentOfferTests {
    @Test("Only the offered attorney answers, and only once")
    func answerOnce() throws {
        var offer = AssignmentOffer(id: "o1", caseID: "C-1", attorneyID: "a1", offeredBy: "s1", offeredAt: .init(timeIntervalSince1970: 0))
        #expect(throws: WorkflowError.notTheOfferedAttorney) {
            try offer.answer(accept: true, by: "a2", at: .init(timeIntervalSince1970: 1), conflicts: [], note: nil)
        }
        try offer.answer(accept: false, by: "a1", at: .init(timeIntervalSince1970: 2), conflicts: ["x"], note: "too busy")
        #expect(offer.state == .declined)
        #expect(offer.conflicts == ["x"])
        #expect(throws: WorkflowError.offerAlreadyDecided(.declined)) {
            try offer.answer(accept: true, by: "a1", at: .init(timeIntervalSince1970: 3), conflicts: [], note: nil)
        }
    }
}
