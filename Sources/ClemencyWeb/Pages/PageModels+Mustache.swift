import Mustache

/// A page model whose values mustache reads by name through key paths, instead of reflecting the
/// whole value with `Mirror` at every lookup (which made the case page several times slower).
/// The tables are `nonisolated(unsafe)` only because key paths are not marked `Sendable`; they are
/// immutable constants.
protocol MustacheFields: MustacheParent {
    /// The model's fields by template name.
    static var mustacheFields: [String: PartialKeyPath<Self>] { get }
}

extension MustacheFields {
    /// The field named `name`, or `nil` (so mustache looks further up the context stack).
    func child(named name: String) -> Any? {
        guard let path = Self.mustacheFields[name] else { return nil }
        let value = self[keyPath: path]
        // As mustache's own lookup does: an optional field gives its value, or nothing when nil.
        if let optional = value as? any OptionalField { return optional.wrappedField }
        return value
    }
}

/// An optional value read as its wrapped value.
protocol OptionalField {
    var wrappedField: Any? { get }
}

extension Optional: OptionalField {
    var wrappedField: Any? { self.map { $0 as Any } }
}

extension AssignmentController.AttorneysPage: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: PartialKeyPath<AssignmentController.AttorneysPage>] = [
        "layout": \.layout,
        "rows": \.rows,
        "hasRows": \.hasRows,
    ]
}

extension AssignmentController.AttorneysPage.Row: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: PartialKeyPath<AssignmentController.AttorneysPage.Row>] = [
        "name": \.name,
        "email": \.email,
        "active": \.active,
        "limit": \.limit,
        "pending": \.pending,
        "capacity": \.capacity,
        "casesLink": \.casesLink,
    ]
}

extension AssignmentController.OffersPage: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: PartialKeyPath<AssignmentController.OffersPage>] = [
        "layout": \.layout,
        "rows": \.rows,
        "hasRows": \.hasRows,
    ]
}

extension AssignmentController.OffersPage.Row: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: PartialKeyPath<AssignmentController.OffersPage.Row>] = [
        "link": \.link,
        "caseID": \.caseID,
        "offeredAt": \.offeredAt,
    ]
}

extension AssignmentController.ReviewPage: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: PartialKeyPath<AssignmentController.ReviewPage>] = [
        "layout": \.layout,
        "offerID": \.offerID,
        "caseID": \.caseID,
        "district": \.district,
        "sentenceImposed": \.sentenceImposed,
        "conflicts": \.conflicts,
        "hasConflicts": \.hasConflicts,
        "isOpen": \.isOpen,
        "state": \.state,
        "isOfferedAttorney": \.isOfferedAttorney,
        "csrfToken": \.csrfToken,
    ]
}

extension CaseController.ListPage: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: PartialKeyPath<CaseController.ListPage>] = [
        "layout": \.layout,
        "pathways": \.pathways,
        "determinations": \.determinations,
        "statuses": \.statuses,
        "attorneys": \.attorneys,
        "orders": \.orders,
        "district": \.district,
        "search": \.search,
        "rows": \.rows,
        "hasRows": \.hasRows,
        "total": \.total,
        "first": \.first,
        "last": \.last,
        "previousLink": \.previousLink,
        "nextLink": \.nextLink,
        "isStaff": \.isStaff,
    ]
}

extension CaseController.ListPage.Option: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: PartialKeyPath<CaseController.ListPage.Option>] = [
        "value": \.value,
        "label": \.label,
        "selected": \.selected,
    ]
}

extension CaseController.ListPage.Row: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: PartialKeyPath<CaseController.ListPage.Row>] = [
        "rank": \.rank,
        "caseID": \.caseID,
        "link": \.link,
        "district": \.district,
        "status": \.status,
        "sentenceImposed": \.sentenceImposed,
        "estimateToday": \.estimateToday,
        "reductionMonths": \.reductionMonths,
        "overservedMonths": \.overservedMonths,
        "missingFacts": \.missingFacts,
        "eligible": \.eligible,
        "undecided": \.undecided,
    ]
}

extension CaseController.CasePage: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: PartialKeyPath<CaseController.CasePage>] = [
        "layout": \.layout,
        "caseID": \.caseID,
        "actionBase": \.actionBase,
        "version": \.version,
        "status": \.status,
        "district": \.district,
        "attorney": \.attorney,
        "personName": \.personName,
        "coDefendants": \.coDefendants,
        "screenedAsOf": \.screenedAsOf,
        "lawVersion": \.lawVersion,
        "sentenceImposed": \.sentenceImposed,
        "estimateToday": \.estimateToday,
        "reductionMonths": \.reductionMonths,
        "overservedMonths": \.overservedMonths,
        "timeServed": \.timeServed,
        "priority": \.priority,
        "priorityReasons": \.priorityReasons,
        "error": \.error,
        "questions": \.questions,
        "hasQuestions": \.hasQuestions,
        "pathways": \.pathways,
        "facts": \.facts,
        "editableFields": \.editableFields,
        "steps": \.steps,
        "flags": \.flags,
        "hasFlags": \.hasFlags,
        "nextStatuses": \.nextStatuses,
        "canChangeStatus": \.canChangeStatus,
        "canOffer": \.canOffer,
        "attorneys": \.attorneys,
        "offers": \.offers,
        "hasOffers": \.hasOffers,
        "events": \.events,
        "csrfToken": \.csrfToken,
    ]
}

extension CaseController.CasePage.Fact: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: PartialKeyPath<CaseController.CasePage.Fact>] = [
        "field": \.field,
        "value": \.value,
        "origin": \.origin,
    ]
}

extension CaseController.CasePage.Question: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: PartialKeyPath<CaseController.CasePage.Question>] = [
        "field": \.field,
        "question": \.question,
        "affects": \.affects,
        "value": \.value,
        "isYesNo": \.isYesNo,
        "yes": \.yes,
        "no": \.no,
        "hint": \.hint,
    ]
}

extension CaseController.CasePage.Reason: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: PartialKeyPath<CaseController.CasePage.Reason>] = [
        "text": \.text,
        "citation": \.citation,
    ]
}

extension CaseController.CasePage.Pathway: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: PartialKeyPath<CaseController.CasePage.Pathway>] = [
        "name": \.name,
        "determination": \.determination,
        "label": \.label,
        "reasons": \.reasons,
        "missing": \.missing,
        "hasMissing": \.hasMissing,
        "estimate": \.estimate,
        "earliest": \.earliest,
    ]
}

extension CaseController.CasePage.Event: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: PartialKeyPath<CaseController.CasePage.Event>] = [
        "at": \.at,
        "actor": \.actor,
        "what": \.what,
        "subject": \.subject,
        "oldValue": \.oldValue,
        "newValue": \.newValue,
        "detail": \.detail,
    ]
}

extension CaseController.CasePage.OfferRow: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: PartialKeyPath<CaseController.CasePage.OfferRow>] = [
        "attorney": \.attorney,
        "state": \.state,
        "offeredAt": \.offeredAt,
        "decidedAt": \.decidedAt,
        "note": \.note,
        "withdrawLink": \.withdrawLink,
    ]
}

extension CaseController.CasePage.Option: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: PartialKeyPath<CaseController.CasePage.Option>] = [
        "value": \.value,
        "label": \.label,
    ]
}

extension ImportController.ListPage: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: PartialKeyPath<ImportController.ListPage>] = [
        "layout": \.layout,
        "rows": \.rows,
        "hasRows": \.hasRows,
        "formats": \.formats,
        "csrfToken": \.csrfToken,
    ]
}

extension ImportController.ListPage.Row: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: PartialKeyPath<ImportController.ListPage.Row>] = [
        "link": \.link,
        "fileName": \.fileName,
        "at": \.at,
        "actor": \.actor,
        "created": \.created,
        "updated": \.updated,
        "unchanged": \.unchanged,
        "rejected": \.rejected,
        "outOfScope": \.outOfScope,
    ]
}

extension ImportController.AcceptedRow: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: PartialKeyPath<ImportController.AcceptedRow>] = [
        "line": \.line,
        "caseID": \.caseID,
        "link": \.link,
        "outcome": \.outcome,
    ]
}

extension ImportController.ShowPage: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: PartialKeyPath<ImportController.ShowPage>] = [
        "layout": \.layout,
        "fileName": \.fileName,
        "format": \.format,
        "digest": \.digest,
        "at": \.at,
        "actor": \.actor,
        "created": \.created,
        "updated": \.updated,
        "unchanged": \.unchanged,
        "accepted": \.accepted,
        "hasAccepted": \.hasAccepted,
        "rejected": \.rejected,
        "rejectedCount": \.rejectedCount,
        "hasRejected": \.hasRejected,
        "outOfScope": \.outOfScope,
        "hasOutOfScope": \.hasOutOfScope,
    ]
}

extension ImportController.ShowPage.Rejection: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: PartialKeyPath<ImportController.ShowPage.Rejection>] = [
        "line": \.line,
        "problems": \.problems,
        "values": \.values,
    ]
}

extension SessionController.LoginPage: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: PartialKeyPath<SessionController.LoginPage>] = [
        "layout": \.layout,
        "csrfToken": \.csrfToken,
        "next": \.next,
        "email": \.email,
        "error": \.error,
    ]
}

extension DashboardController.DashboardPage: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: PartialKeyPath<DashboardController.DashboardPage>] = [
        "layout": \.layout,
        "totalCases": \.totalCases,
        "overserved": \.overserved,
        "determinations": \.determinations,
        "pathways": \.pathways,
        "statuses": \.statuses,
        "oldestWaiting": \.oldestWaiting,
        "hasWaiting": \.hasWaiting,
    ]
}

extension DashboardController.DashboardPage.PathwayRow: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: PartialKeyPath<DashboardController.DashboardPage.PathwayRow>] = [
        "key": \.key,
        "name": \.name,
        "cells": \.cells,
    ]
}

extension DashboardController.DashboardPage.Cell: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: PartialKeyPath<DashboardController.DashboardPage.Cell>] = [
        "count": \.count,
        "link": \.link,
        "determination": \.determination,
    ]
}

extension DashboardController.DashboardPage.StatusRow: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: PartialKeyPath<DashboardController.DashboardPage.StatusRow>] = [
        "status": \.status,
        "name": \.name,
        "count": \.count,
        "link": \.link,
    ]
}

extension DashboardController.DashboardPage.Waiting: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: PartialKeyPath<DashboardController.DashboardPage.Waiting>] = [
        "caseID": \.caseID,
        "link": \.link,
        "status": \.status,
        "since": \.since,
    ]
}

extension Layout: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: PartialKeyPath<Layout>] = [
        "title": \.title,
        "signedIn": \.signedIn,
        "userName": \.userName,
        "userRole": \.userRole,
        "isStaff": \.isStaff,
        "isAttorney": \.isAttorney,
        "csrfToken": \.csrfToken,
        "notice": \.notice,
    ]
}

extension ErrorPage: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: PartialKeyPath<ErrorPage>] = [
        "layout": \.layout,
        "status": \.status,
        "reason": \.reason,
        "message": \.message,
    ]
}
