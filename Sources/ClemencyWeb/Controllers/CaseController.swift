import ClemencyRules
import ClemencyStore
import ClemencyUseCases
import ClemencyWorkflow
import Foundation
import Hummingbird

/// The case list and the case page, with the forms that answer missing facts, correct facts,
/// change the status and offer the case to an attorney.
struct CaseController {
    let pages: Pages
    var service: CaseworkService { pages.service }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/cases") { request, context in try await list(request, context) }
        router.get("/cases/:id") { request, context in
            try await show(context.parameters.requireDecoded("id"), context, notice: Self.notices[request.uri.queryParameters.get("saved") ?? ""])
        }
        router.post("/cases/:id/facts") { request, context in try await answer(request, context) }
        router.post("/cases/:id/status") { request, context in try await changeStatus(request, context) }
        router.post("/cases/:id/offers") { request, context in try await offer(request, context) }
    }

    // MARK: List

    struct ListPage {
        struct Option {
            let value: String
            let label: String
            let selected: Bool
        }

        struct Row {
            let rank: Int
            let caseID: String
            let link: String
            let district: String
            let status: String
            let sentenceImposed: String
            let estimateToday: String
            let reductionMonths: String
            let overservedMonths: String
            let missingFacts: Int
            /// The pathways the case is eligible for, by short name ("" when none).
            let eligible: String
            /// How many pathways need information.
            let undecided: Int
        }

        let layout: Layout
        let pathways: [Option]
        let determinations: [Option]
        let statuses: [Option]
        let attorneys: [Option]
        let orders: [Option]
        let district: String
        let search: String
        let rows: [Row]
        let hasRows: Bool
        let total: Int
        let first: Int
        let last: Int
        let previousLink: String?
        let nextLink: String?
        let isStaff: Bool
    }

    func list(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let parameters = request.uri.queryParameters
        func text(_ name: String) -> String? {
            parameters.get(name).map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        let pageSize = pages.configuration.pageSize
        let pageNumber = max(1, text("page").flatMap(Int.init) ?? 1)
        let pathway = text("pathway").flatMap { pages.pathwayKeys.contains($0) ? $0 : nil }
        let determination = text("determination").flatMap(Determination.init(rawValue:))
        let status = text("status").flatMap(CaseStatus.init(rawValue:))
        let order = text("sort").flatMap(CaseQuery.Order.init(rawValue:)) ?? .priority
        let attorneyID = user.role.seesAllCases ? text("attorney") : user.id
        let query = CaseQuery(pathway: pathway, determination: pathway == nil ? nil : determination, status: status,
                              district: text("district"), assignedAttorneyID: attorneyID, caseIDPrefix: text("q"),
                              order: order, offset: (pageNumber - 1) * pageSize, limit: pageSize)
        let result = try await service.listCases(query, for: user)
        let attorneys = user.role.seesAllCases ? try await service.attorneyAccounts(for: user) : []

        func link(page: Int) -> String {
            var items: [(String, String)] = []
            for name in ["pathway", "determination", "status", "district", "attorney", "q", "sort"] {
                if let value = text(name) { items.append((name, value)) }
            }
            items.append(("page", String(page)))
            return "/cases?" + items.map { "\($0.0)=\($0.1.urlQueryEncoded)" }.joined(separator: "&")
        }
        let rows = result.cases.enumerated().map { index, summary in
            ListPage.Row(
                rank: query.offset + index + 1, caseID: summary.caseID, link: "/cases/\(summary.caseID.urlPathEncoded)",
                district: summary.district ?? "", status: summary.status.description,
                sentenceImposed: summary.sentenceImposed ?? "unknown", estimateToday: summary.estimatedSentenceToday ?? "unknown",
                reductionMonths: summary.reductionMonths.map(String.init) ?? "", overservedMonths: summary.overservedMonths.map(String.init) ?? "",
                missingFacts: summary.missingFactCount,
                eligible: pages.pathwayKeys.filter { summary.determinations[$0] == .eligible }.map(PathwayNames.shortName)
                    .joined(separator: "; "),
                undecided: summary.determinations.values.filter { $0 == .needsInformation }.count)
        }
        let last = query.offset + rows.count
        var notice: String?
        if user.role == .attorney {
            let waiting = try await service.offers(attorneyID: nil, state: .offered, for: user).count
            if waiting > 0 { notice = "\(waiting) case\(waiting == 1 ? " is" : "s are") offered to you: open Offers to see the conflict check and answer." }
        }
        if rows.isEmpty, result.total > 0 {
            notice = "Page \(pageNumber) is past the end: \(result.total) cases match, \(pageSize) to a page."
        }
        // A filter value that is not understood is said, never silently dropped (the list would look filtered).
        var ignored: [String] = []
        if let given = text("pathway"), pathway == nil { ignored.append("pathway “\(given)”") }
        if let given = text("determination"), determination == nil { ignored.append("determination “\(given)”") }
        if let given = text("status"), status == nil { ignored.append("status “\(given)”") }
        if let given = text("sort"), CaseQuery.Order(rawValue: given) == nil { ignored.append("sort “\(given)”") }
        if let given = text("page"), Int(given) == nil || Int(given)! < 1 { ignored.append("page “\(given)”") }
        if !ignored.isEmpty {
            notice = "Not understood, so not applied: \(ignored.joined(separator: ", ")). Choose from the lists below."
        } else if determination != nil, pathway == nil {
            notice = "A determination filter applies to one pathway: choose the pathway too."
        }
        let page = ListPage(
            layout: Layout(title: user.role.seesAllCases ? "Cases" : "My cases", context: context, notice: notice),
            pathways: [.init(value: "", label: "any pathway", selected: pathway == nil)]
                + pages.pathwayKeys.map { .init(value: $0, label: PathwayNames.name($0), selected: $0 == pathway) },
            determinations: [.init(value: "", label: "any determination", selected: determination == nil)]
                + Determination.allCases.map { .init(value: $0.rawValue, label: DisplayFormat.determination($0), selected: $0 == determination) },
            statuses: [.init(value: "", label: "any status", selected: status == nil)]
                + CaseStatus.allCases.map { .init(value: $0.rawValue, label: $0.description, selected: $0 == status) },
            attorneys: [.init(value: "", label: "any attorney", selected: attorneyID == nil)]
                + attorneys.map { .init(value: $0.id, label: $0.displayName, selected: $0.id == attorneyID) },
            orders: CaseQuery.Order.allCases.map { .init(value: $0.rawValue, label: Self.orderName($0), selected: $0 == order) },
            district: text("district") ?? "", search: text("q") ?? "",
            rows: rows, hasRows: !rows.isEmpty, total: result.total, first: rows.isEmpty ? 0 : query.offset + 1, last: last,
            previousLink: pageNumber > 1 ? link(page: pageNumber - 1) : nil,
            nextLink: last < result.total ? link(page: pageNumber + 1) : nil, isStaff: user.role.seesAllCases)
        return pages.renderer.response(page, template: "cases")
    }

    static func orderName(_ order: CaseQuery.Order) -> String {
        switch order {
        case .priority: "priority (overserved first)"
        case .caseID: "case id"
        case .oldestStatus: "waiting longest"
        }
    }

    // MARK: Case page

    struct CasePage {
        struct Fact {
            let field: String
            let value: String
            let origin: String
        }

        struct Question {
            let field: String
            let question: String
            let affects: String
            let value: String
            let isYesNo: Bool
            let yes: Bool
            let no: Bool
            let hint: String
        }

        struct Reason {
            let text: String
            let citation: String
        }

        struct Pathway {
            let name: String
            let determination: String
            let label: String
            let reasons: [Reason]
            let missing: [String]
            let hasMissing: Bool
            let estimate: String?
            let earliest: String?
        }

        struct Event {
            let at: String
            let actor: String
            let what: String
            let subject: String
            let oldValue: String
            let newValue: String
            let detail: String
        }

        struct OfferRow {
            let attorney: String
            let state: String
            let offeredAt: String
            let decidedAt: String
            let note: String
            let withdrawLink: String?
        }

        struct Option {
            let value: String
            let label: String
        }

        let layout: Layout
        let caseID: String
        let actionBase: String
        let version: Int
        let status: String
        let district: String
        let attorney: String
        let personName: String
        let coDefendants: String
        let screenedAsOf: String
        let lawVersion: String
        let sentenceImposed: String
        let estimateToday: String
        let reductionMonths: String
        let overservedMonths: String
        let timeServed: String
        let priority: String
        let priorityReasons: String
        let error: String?
        let questions: [Question]
        let hasQuestions: Bool
        let pathways: [Pathway]
        let facts: [Fact]
        let steps: [Reason]
        let flags: [String]
        let hasFlags: Bool
        let nextStatuses: [Option]
        let canChangeStatus: Bool
        let canOffer: Bool
        let attorneys: [Option]
        let offers: [OfferRow]
        let hasOffers: Bool
        let events: [Event]
        let csrfToken: String
    }

    /// The confirmations shown after a change (by the `saved` query parameter; fixed texts only).
    static let notices = [
        "answer": "Saved. The case was re-screened with the new fact; see the audit trail for what changed.",
        "status": "The status was changed.",
        "offer": "The case was offered. The attorney sees it under Offers, after the conflict check.",
    ]

    func show(_ caseID: String, _ context: AppRequestContext, error: String? = nil, notice: String? = nil,
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let user = try context.requireUser()
        let record = try await service.caseRecord(id: caseID, for: user)
        let file = record.file, trail = record.auditTrail, offers = record.offers
        let loads = user.role.seesAllCases ? try await service.attorneys(for: user) : []
        var names: [String: String] = [:]
        for load in loads { names[load.attorney.id] = load.attorney.displayName }
        if let id = file.assignedAttorneyID, names[id] == nil { names[id] = try await service.store.fetchUser(id: id)?.displayName }

        let screening = service.explanation(of: file)
        let analysis = screening.analysis
        let values = CaseFormatWriter.fields(file.facts)
        var seen: Set<String> = []
        let allMissing = analysis.missingFacts + screening.pathways.flatMap(\.missingFacts)
        let questions = allMissing.filter { seen.insert($0.fact).inserted }.map {
            CasePage.Question(field: $0.fact, question: $0.question, affects: $0.affects, value: values[$0.fact] ?? "",
                              isYesNo: CaseRecordDecoder.yesNoFields.contains($0.fact), yes: values[$0.fact] == "yes",
                              no: values[$0.fact] == "no", hint: CaseRecordDecoder.expectedForm(of: $0.fact))
        }
        let facts = CaseRecordDecoder.fields.compactMap { field -> CasePage.Fact? in
            let value = values[field] ?? ""
            let origin = file.facts.origins[field]
            guard !value.isEmpty || origin != nil else { return nil }
            let originText = origin.map { origin in
                origin.source + (origin.parsed ? " (parsed)" : "") + (origin.text.map { ": “\($0)”" } ?? "")
            } ?? "as imported"
            return CasePage.Fact(field: field, value: value.isEmpty ? "unknown" : value, origin: originText)
        }
        let pathways = screening.pathways.map { pathway in
            CasePage.Pathway(name: PathwayNames.name(pathway.key), determination: pathway.determination.rawValue,
                             label: DisplayFormat.determination(pathway.determination),
                             reasons: pathway.reasons.map { CasePage.Reason(text: $0.text, citation: $0.citation) },
                             missing: pathway.missingFacts.map(\.question), hasMissing: !pathway.missingFacts.isEmpty,
                             estimate: pathway.estimatedSentence?.description, earliest: pathway.earliestDate?.description)
        }
        let canWork = user.role.seesAllCases || file.assignedAttorneyID == user.id
        let next = file.status.allowedNext.filter { (try? StatusChange.check(from: file.status, to: $0, role: user.role)) != nil }
        let time = screening.timeServed
        let page = CasePage(
            layout: Layout(title: "Case \(file.caseID)", context: context, notice: notice), caseID: file.caseID,
            actionBase: "/cases/\(file.caseID.urlPathEncoded)", version: file.version, status: file.status.description,
            district: file.facts.district ?? "unknown", attorney: file.assignedAttorneyID.flatMap { names[$0] } ?? "none",
            personName: file.personName ?? "", coDefendants: file.coDefendants.joined(separator: "; "),
            screenedAsOf: file.screenedAsOf.description, lawVersion: file.lawVersion,
            sentenceImposed: analysis.sentenceImposed?.description ?? "unknown",
            estimateToday: analysis.estimatedSentenceToday?.description ?? "unknown",
            reductionMonths: analysis.reductionMonths.map { $0 >= 0 ? "\($0) months" : "none: the estimate today is \(-$0) months longer" } ?? "unknown",
            overservedMonths: screening.overservedMonths.map { "\($0) months" } ?? "unknown",
            timeServed: time.map { "\($0.servedMonths) months as of \(file.screenedAsOf)" + ($0.projectedRelease.map { "; projected release \($0)" } ?? "") } ?? "unknown",
            priority: String(screening.priority.score), priorityReasons: screening.priority.reasons.joined(separator: "; "), error: error,
            questions: questions, hasQuestions: canWork && !questions.isEmpty, pathways: pathways, facts: facts,
            steps: analysis.steps.map { CasePage.Reason(text: $0.text, citation: $0.citation) },
            flags: analysis.flags.map(\.text), hasFlags: !analysis.flags.isEmpty,
            nextStatuses: next.map { .init(value: $0.rawValue, label: Self.statusChoice(from: file.status, to: $0)) },
            canChangeStatus: canWork && !next.isEmpty,
            canOffer: user.role.seesAllCases && file.status == .screened && !offers.contains { $0.state == .offered },
            attorneys: loads.filter(\.hasCapacity).map {
                .init(value: $0.attorney.id, label: "\($0.attorney.displayName): \($0.active) of \($0.attorney.caseloadLimit ?? 0) cases")
            },
            offers: offers.map { offer in
                CasePage.OfferRow(attorney: names[offer.attorneyID] ?? offer.attorneyID, state: offer.state.rawValue,
                                  offeredAt: DisplayFormat.date(offer.offeredAt), decidedAt: offer.decidedAt.map(DisplayFormat.date) ?? "",
                                  note: offer.note ?? "", withdrawLink: user.role.seesAllCases && offer.state == .offered ? "/offers/\(offer.id)/withdraw" : nil)
            },
            hasOffers: !offers.isEmpty,
            events: trail.reversed().map { event in
                CasePage.Event(at: DisplayFormat.date(event.at), actor: event.actor, what: event.kind.rawValue.replacingOccurrences(of: "_", with: " "),
                               subject: event.kind == .rescreened ? event.subject.map(PathwayNames.name) ?? "" : event.subject ?? "",
                               oldValue: Self.shown(event.oldValue, of: event), newValue: Self.shown(event.newValue, of: event), detail: event.detail)
            },
            csrfToken: context.csrfToken)
        return pages.renderer.response(page, template: "case", status: status)
    }

    /// A status or determination code of an audit event in words; other values as recorded.
    static func shown(_ value: String?, of event: AuditEvent) -> String {
        guard let value else { return "" }
        if event.subject == "status", let status = CaseStatus(rawValue: value) { return status.description }
        if event.kind == .rescreened, let determination = Determination(rawValue: value) { return DisplayFormat.determination(determination) }
        return value
    }

    /// A choice of the status form, saying what it does.
    static func statusChoice(from: CaseStatus, to: CaseStatus) -> String {
        switch (from, to) {
        case (_, .closed): "closed (no petition will be pursued)"
        case (.intake, .screened): "screened (reviewed; ready to offer to an attorney)"
        case (_, .screened): "back to screened (releases the attorney)"
        case (.petitionDrafted, .assigned): "back to assigned (petition to be redrafted)"
        default: to.description
        }
    }

    // MARK: Forms

    struct AnswerForm: Decodable {
        let field: String
        let value: String?
        let expected_version: Int
    }

    func answer(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let caseID = try context.parameters.requireDecoded("id")
        var request = request
        let form = try await request.decodeForm(AnswerForm.self, context: context)
        return try await redirectOrShowError(caseID, context, saved: "answer") {
            _ = try await service.answerFact(caseID: caseID, field: form.field, value: form.value ?? "",
                                             expectedVersion: form.expected_version, by: user, now: Date())
        }
    }

    struct StatusForm: Decodable {
        let status: String
        let note: String?
        let expected_version: Int
    }

    func changeStatus(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let caseID = try context.parameters.requireDecoded("id")
        var request = request
        let form = try await request.decodeForm(StatusForm.self, context: context)
        guard let status = CaseStatus(rawValue: form.status) else {
            throw WebError(.unprocessableContent, "status: expected one of \(CaseStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return try await redirectOrShowError(caseID, context, saved: "status") {
            _ = try await service.changeStatus(caseID: caseID, to: status, expectedVersion: form.expected_version, note: form.note,
                                               by: user, now: Date())
        }
    }

    struct OfferForm: Decodable {
        let attorney_id: String
    }

    func offer(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser([.administrator, .screener], to: "offer cases to attorneys")
        let caseID = try context.parameters.requireDecoded("id")
        var request = request
        let form = try await request.decodeForm(OfferForm.self, context: context)
        return try await redirectOrShowError(caseID, context, saved: "offer") {
            _ = try await service.offer(caseID: caseID, to: form.attorney_id, by: user, now: Date())
        }
    }

    /// Runs a change and returns to the case page; a change the rules refuse (a stale version, a
    /// bad answer, a step the pipeline does not allow) shows the case page again with the reason.
    func redirectOrShowError(_ caseID: String, _ context: AppRequestContext, saved: String,
                             _ change: () async throws -> Void) async throws -> Response {
        do {
            try await change()
            return .redirect(to: "/cases/\(caseID.urlPathEncoded)?saved=\(saved)", type: .normal)
        } catch {
            let webError = WebError.from(error)
            guard [.conflict, .unprocessableContent].contains(webError.status) else { throw error }
            return try await show(caseID, context, error: webError.message, status: webError.status)
        }
    }
}
