import Mustache

/// A page model whose values mustache reads by name through a table of fields, instead of
/// reflecting the whole value with `Mirror` at every lookup (which made the case page several
/// times slower). The tables are `nonisolated(unsafe)` only because key paths are not marked
/// `Sendable`; they are immutable constants.
protocol MustacheFields: MustacheParent {
    /// The model's fields by template name.
    static var mustacheFields: [String: MustacheField<Self>] { get }
}

extension MustacheFields {
    /// The field named `name`, or `nil` (so mustache looks further up the context stack).
    func child(named name: String) -> Any? {
        Self.mustacheFields[name]?.read(self)
    }
}

/// How mustache reads one field of a page model: text and numbers as `MustacheText` (rendered,
/// and escaped by the template's content type, without mustache's dynamic casts and
/// `String(describing:)`), an optional field as its wrapped value or nothing when `nil` (as
/// mustache's own lookup does), anything else (flags, lists, nested models) as it is.
struct MustacheField<Root> {
    /// The field's value as mustache should see it.
    let read: (Root) -> Any?

    init(_ path: KeyPath<Root, String>) {
        read = { MustacheText($0[keyPath: path]) }
    }

    init(_ path: KeyPath<Root, String?>) {
        read = { $0[keyPath: path].map(MustacheText.init) }
    }

    init(_ path: KeyPath<Root, Int>) {
        read = { MustacheText(String($0[keyPath: path])) }
    }

    init<Value>(_ path: KeyPath<Root, Value>) {
        read = { $0[keyPath: path] }
    }

    init<Value>(_ path: KeyPath<Root, Value?>) {
        read = { $0[keyPath: path].map { $0 as Any } }
    }
}

/// A text value of a page: rendered as its text, which the template's content type escapes like
/// any `{{value}}` (this type adds no way around the escaping; `{{{…}}}` is never used). It has no
/// fields of its own, so names inside a section it opens are looked up further up the stack.
struct MustacheText: MustacheCustomRenderable, MustacheParent {
    let text: String

    init(_ text: String) {
        self.text = text
    }

    var renderText: String { text }
    var isNull: Bool { false }

    func child(named _: String) -> Any? { nil }
}

extension AssignmentController.AttorneysPage: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: MustacheField<AssignmentController.AttorneysPage>] = [
        "layout": .init(\.layout),
        "rows": .init(\.rows),
        "hasRows": .init(\.hasRows),
    ]
}

extension AssignmentController.AttorneysPage.Row: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: MustacheField<AssignmentController.AttorneysPage.Row>] = [
        "name": .init(\.name),
        "email": .init(\.email),
        "active": .init(\.active),
        "limit": .init(\.limit),
        "pending": .init(\.pending),
        "capacity": .init(\.capacity),
        "casesLink": .init(\.casesLink),
    ]
}

extension AssignmentController.OffersPage: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: MustacheField<AssignmentController.OffersPage>] = [
        "layout": .init(\.layout),
        "rows": .init(\.rows),
        "hasRows": .init(\.hasRows),
    ]
}

extension AssignmentController.OffersPage.Row: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: MustacheField<AssignmentController.OffersPage.Row>] = [
        "link": .init(\.link),
        "caseID": .init(\.caseID),
        "offeredAt": .init(\.offeredAt),
    ]
}

extension AssignmentController.ReviewPage: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: MustacheField<AssignmentController.ReviewPage>] = [
        "layout": .init(\.layout),
        "offerID": .init(\.offerID),
        "caseID": .init(\.caseID),
        "district": .init(\.district),
        "sentenceImposed": .init(\.sentenceImposed),
        "conflicts": .init(\.conflicts),
        "hasConflicts": .init(\.hasConflicts),
        "isOpen": .init(\.isOpen),
        "state": .init(\.state),
        "isOfferedAttorney": .init(\.isOfferedAttorney),
        "csrfToken": .init(\.csrfToken),
    ]
}

extension CaseController.ListPage: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: MustacheField<CaseController.ListPage>] = [
        "layout": .init(\.layout),
        "pathways": .init(\.pathways),
        "determinations": .init(\.determinations),
        "statuses": .init(\.statuses),
        "attorneys": .init(\.attorneys),
        "orders": .init(\.orders),
        "district": .init(\.district),
        "search": .init(\.search),
        "rows": .init(\.rows),
        "hasRows": .init(\.hasRows),
        "total": .init(\.total),
        "first": .init(\.first),
        "last": .init(\.last),
        "previousLink": .init(\.previousLink),
        "nextLink": .init(\.nextLink),
        "isStaff": .init(\.isStaff),
    ]
}

extension CaseController.ListPage.Option: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: MustacheField<CaseController.ListPage.Option>] = [
        "value": .init(\.value),
        "label": .init(\.label),
        "selected": .init(\.selected),
    ]
}

extension CaseController.ListPage.Row: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: MustacheField<CaseController.ListPage.Row>] = [
        "rank": .init(\.rank),
        "caseID": .init(\.caseID),
        "link": .init(\.link),
        "district": .init(\.district),
        "status": .init(\.status),
        "sentenceImposed": .init(\.sentenceImposed),
        "estimateToday": .init(\.estimateToday),
        "reductionMonths": .init(\.reductionMonths),
        "overservedMonths": .init(\.overservedMonths),
        "missingFacts": .init(\.missingFacts),
        "eligible": .init(\.eligible),
        "undecided": .init(\.undecided),
    ]
}

extension CaseController.CasePage: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: MustacheField<CaseController.CasePage>] = [
        "layout": .init(\.layout),
        "caseID": .init(\.caseID),
        "actionBase": .init(\.actionBase),
        "version": .init(\.version),
        "status": .init(\.status),
        "district": .init(\.district),
        "attorney": .init(\.attorney),
        "personName": .init(\.personName),
        "coDefendants": .init(\.coDefendants),
        "screenedAsOf": .init(\.screenedAsOf),
        "lawVersion": .init(\.lawVersion),
        "sentenceImposed": .init(\.sentenceImposed),
        "estimateToday": .init(\.estimateToday),
        "reductionMonths": .init(\.reductionMonths),
        "overservedMonths": .init(\.overservedMonths),
        "timeServed": .init(\.timeServed),
        "priority": .init(\.priority),
        "priorityReasons": .init(\.priorityReasons),
        "error": .init(\.error),
        "questions": .init(\.questions),
        "hasQuestions": .init(\.hasQuestions),
        "pathways": .init(\.pathways),
        "facts": .init(\.facts),
        "steps": .init(\.steps),
        "flags": .init(\.flags),
        "hasFlags": .init(\.hasFlags),
        "nextStatuses": .init(\.nextStatuses),
        "canChangeStatus": .init(\.canChangeStatus),
        "canOffer": .init(\.canOffer),
        "attorneys": .init(\.attorneys),
        "offers": .init(\.offers),
        "hasOffers": .init(\.hasOffers),
        "events": .init(\.events),
        "csrfToken": .init(\.csrfToken),
    ]
}

extension CaseController.CasePage.Fact: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: MustacheField<CaseController.CasePage.Fact>] = [
        "field": .init(\.field),
        "value": .init(\.value),
        "origin": .init(\.origin),
    ]
}

extension CaseController.CasePage.Question: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: MustacheField<CaseController.CasePage.Question>] = [
        "field": .init(\.field),
        "question": .init(\.question),
        "affects": .init(\.affects),
        "value": .init(\.value),
        "isYesNo": .init(\.isYesNo),
        "yes": .init(\.yes),
        "no": .init(\.no),
        "hint": .init(\.hint),
    ]
}

extension CaseController.CasePage.Reason: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: MustacheField<CaseController.CasePage.Reason>] = [
        "text": .init(\.text),
        "citation": .init(\.citation),
    ]
}

extension CaseController.CasePage.Pathway: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: MustacheField<CaseController.CasePage.Pathway>] = [
        "name": .init(\.name),
        "determination": .init(\.determination),
        "label": .init(\.label),
        "reasons": .init(\.reasons),
        "missing": .init(\.missing),
        "hasMissing": .init(\.hasMissing),
        "estimate": .init(\.estimate),
        "earliest": .init(\.earliest),
    ]
}

extension CaseController.CasePage.Event: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: MustacheField<CaseController.CasePage.Event>] = [
        "at": .init(\.at),
        "actor": .init(\.actor),
        "what": .init(\.what),
        "subject": .init(\.subject),
        "oldValue": .init(\.oldValue),
        "newValue": .init(\.newValue),
        "detail": .init(\.detail),
    ]
}

extension CaseController.CasePage.OfferRow: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: MustacheField<CaseController.CasePage.OfferRow>] = [
        "attorney": .init(\.attorney),
        "state": .init(\.state),
        "offeredAt": .init(\.offeredAt),
        "decidedAt": .init(\.decidedAt),
        "note": .init(\.note),
        "withdrawLink": .init(\.withdrawLink),
    ]
}

/// The model of the correction form's choices, rendered once by `PageRenderer.editableFieldOptions()`.
struct EditableFieldOptions: MustacheFields {
    let fields: [CaseController.CasePage.Option]

    nonisolated(unsafe) static let mustacheFields: [String: MustacheField<EditableFieldOptions>] = [
        "fields": .init(\.fields),
    ]
}

extension CaseController.CasePage.Option: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: MustacheField<CaseController.CasePage.Option>] = [
        "value": .init(\.value),
        "label": .init(\.label),
    ]
}

extension ImportController.ListPage: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: MustacheField<ImportController.ListPage>] = [
        "layout": .init(\.layout),
        "rows": .init(\.rows),
        "hasRows": .init(\.hasRows),
        "formats": .init(\.formats),
        "csrfToken": .init(\.csrfToken),
    ]
}

extension ImportController.ListPage.Row: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: MustacheField<ImportController.ListPage.Row>] = [
        "link": .init(\.link),
        "fileName": .init(\.fileName),
        "at": .init(\.at),
        "actor": .init(\.actor),
        "created": .init(\.created),
        "updated": .init(\.updated),
        "unchanged": .init(\.unchanged),
        "rejected": .init(\.rejected),
        "outOfScope": .init(\.outOfScope),
    ]
}

extension ImportController.AcceptedRow: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: MustacheField<ImportController.AcceptedRow>] = [
        "line": .init(\.line),
        "caseID": .init(\.caseID),
        "link": .init(\.link),
        "outcome": .init(\.outcome),
    ]
}

extension ImportController.ShowPage: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: MustacheField<ImportController.ShowPage>] = [
        "layout": .init(\.layout),
        "fileName": .init(\.fileName),
        "format": .init(\.format),
        "digest": .init(\.digest),
        "at": .init(\.at),
        "actor": .init(\.actor),
        "created": .init(\.created),
        "updated": .init(\.updated),
        "unchanged": .init(\.unchanged),
        "accepted": .init(\.accepted),
        "hasAccepted": .init(\.hasAccepted),
        "rejected": .init(\.rejected),
        "rejectedCount": .init(\.rejectedCount),
        "hasRejected": .init(\.hasRejected),
        "outOfScope": .init(\.outOfScope),
        "hasOutOfScope": .init(\.hasOutOfScope),
    ]
}

extension ImportController.ShowPage.Rejection: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: MustacheField<ImportController.ShowPage.Rejection>] = [
        "line": .init(\.line),
        "problems": .init(\.problems),
        "values": .init(\.values),
    ]
}

extension SessionController.LoginPage: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: MustacheField<SessionController.LoginPage>] = [
        "layout": .init(\.layout),
        "csrfToken": .init(\.csrfToken),
        "next": .init(\.next),
        "email": .init(\.email),
        "error": .init(\.error),
    ]
}

extension DashboardController.DashboardPage: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: MustacheField<DashboardController.DashboardPage>] = [
        "layout": .init(\.layout),
        "totalCases": .init(\.totalCases),
        "overserved": .init(\.overserved),
        "determinations": .init(\.determinations),
        "pathways": .init(\.pathways),
        "statuses": .init(\.statuses),
        "oldestWaiting": .init(\.oldestWaiting),
        "hasWaiting": .init(\.hasWaiting),
    ]
}

extension DashboardController.DashboardPage.PathwayRow: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: MustacheField<DashboardController.DashboardPage.PathwayRow>] = [
        "key": .init(\.key),
        "name": .init(\.name),
        "cells": .init(\.cells),
    ]
}

extension DashboardController.DashboardPage.Cell: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: MustacheField<DashboardController.DashboardPage.Cell>] = [
        "count": .init(\.count),
        "link": .init(\.link),
        "determination": .init(\.determination),
    ]
}

extension DashboardController.DashboardPage.StatusRow: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: MustacheField<DashboardController.DashboardPage.StatusRow>] = [
        "status": .init(\.status),
        "name": .init(\.name),
        "count": .init(\.count),
        "link": .init(\.link),
    ]
}

extension DashboardController.DashboardPage.Waiting: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: MustacheField<DashboardController.DashboardPage.Waiting>] = [
        "caseID": .init(\.caseID),
        "link": .init(\.link),
        "status": .init(\.status),
        "since": .init(\.since),
    ]
}

extension Layout: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: MustacheField<Layout>] = [
        "title": .init(\.title),
        "signedIn": .init(\.signedIn),
        "userName": .init(\.userName),
        "userRole": .init(\.userRole),
        "isStaff": .init(\.isStaff),
        "isAttorney": .init(\.isAttorney),
        "csrfToken": .init(\.csrfToken),
        "notice": .init(\.notice),
    ]
}

extension ErrorPage: MustacheFields {
    nonisolated(unsafe) static let mustacheFields: [String: MustacheField<ErrorPage>] = [
        "layout": .init(\.layout),
        "status": .init(\.status),
        "reason": .init(\.reason),
        "message": .init(\.message),
    ]
}
