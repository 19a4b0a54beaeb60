import ClemencyStore
import ClemencyUseCases
import ClemencyWorkflow
import Foundation
import Hummingbird

/// Attorneys and their caseloads (staff), and an attorney's offers: the conflict check first,
/// then accept or decline.
struct AssignmentController {
    let pages: Pages
    var service: CaseworkService { pages.service }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/attorneys") { _, context in try await attorneys(context) }
        router.get("/offers") { _, context in try await offers(context) }
        router.get("/offers/:id") { _, context in try await review(context.parameters.requireDecoded("id"), context) }
        router.post("/offers/:id/accept") { request, context in try await answer(request, context, accept: true) }
        router.post("/offers/:id/decline") { request, context in try await answer(request, context, accept: false) }
        router.post("/offers/:id/withdraw") { _, context in try await withdraw(context) }
    }

    struct AttorneysPage {
        struct Row {
            let name: String
            let email: String
            let active: Int
            let limit: Int
            let pending: Int
            let capacity: String
            let casesLink: String
        }

        let layout: Layout
        let rows: [Row]
        let hasRows: Bool
    }

    func attorneys(_ context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser([.administrator, .screener], to: "see the attorneys' caseloads")
        let loads = try await service.attorneys(for: user)
        let rows = loads.map { load in
            AttorneysPage.Row(name: load.attorney.displayName, email: load.attorney.email, active: load.active,
                              limit: load.attorney.caseloadLimit ?? 0, pending: load.pendingOffers,
                              capacity: load.attorney.isDisabled ? "account disabled" : (load.hasCapacity ? "can take a case" : "full"), casesLink: "/cases?attorney=\(load.attorney.id)")
        }
        return pages.renderer.response(AttorneysPage(layout: Layout(title: "Attorneys", context: context), rows: rows, hasRows: !rows.isEmpty),
                                       template: "attorneys")
    }

    struct OffersPage {
        struct Row {
            let link: String
            let caseID: String
            let offeredAt: String
        }

        let layout: Layout
        let rows: [Row]
        let hasRows: Bool
    }

    func offers(_ context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser([.attorney], to: "answer offers (offers are made to attorneys)")
        let open = try await service.offers(attorneyID: nil, state: .offered, for: user)
        let rows = open.map { OffersPage.Row(link: "/offers/\($0.id)", caseID: $0.caseID, offeredAt: DisplayFormat.date($0.offeredAt)) }
        return pages.renderer.response(OffersPage(layout: Layout(title: "Offers", context: context), rows: rows, hasRows: !rows.isEmpty),
                                       template: "offers")
    }

    struct ReviewPage {
        let layout: Layout
        let offerID: String
        let caseID: String
        let district: String
        let sentenceImposed: String
        let conflicts: [String]
        let hasConflicts: Bool
        let isOpen: Bool
        let state: String
        let isOfferedAttorney: Bool
        let csrfToken: String
    }

    func review(_ id: String, _ context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let review = try await service.reviewOffer(id: id, for: user)
        let page = ReviewPage(layout: Layout(title: "Offer of case \(review.offer.caseID)", context: context), offerID: review.offer.id,
                              caseID: review.offer.caseID, district: review.district ?? "unknown",
                              sentenceImposed: review.sentenceImposed ?? "unknown", conflicts: review.conflicts,
                              hasConflicts: !review.conflicts.isEmpty, isOpen: review.offer.state == .offered,
                              state: review.offer.state.rawValue, isOfferedAttorney: review.offer.attorneyID == user.id,
                              csrfToken: context.csrfToken)
        return pages.renderer.response(page, template: "offer")
    }

    struct AnswerForm: Decodable {
        let note: String?
    }

    func answer(_ request: Request, _ context: AppRequestContext, accept: Bool) async throws -> Response {
        let user = try context.requireUser([.attorney], to: "answer offers")
        let id = try context.parameters.requireDecoded("id")
        var request = request
        let form = try await request.decodeForm(AnswerForm.self, context: context)
        let offer = try await service.answerOffer(id: id, accept: accept, note: form.note, by: user, now: Date())
        return .redirect(to: accept ? "/cases/\(offer.caseID.urlPathEncoded)" : "/offers", type: .normal)
    }

    func withdraw(_ context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser([.administrator, .screener], to: "withdraw offers")
        let offer = try await service.withdrawOffer(id: context.parameters.requireDecoded("id"), by: user, now: Date())
        return .redirect(to: "/cases/\(offer.caseID.urlPathEncoded)", type: .normal)
    }
}
