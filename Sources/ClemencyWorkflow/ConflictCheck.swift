/// The conflict-of-interest check a volunteer attorney sees before opening a case file.
///
/// A lawyer may not take a client whose interests are adverse to a present client's: co-defendants
/// commonly are (ABA Model Rule of Professional Conduct 1.7(a); for joint representation in
/// criminal cases, Fed. R. Crim. P. 44(c)). The check finds, among the attorney's present cases:
/// - a co-defendant of the offered case (by case identifier or by name);
/// - a present client who names the offered person or case as a co-defendant;
/// - a present client with the same name as the offered person (possibly the same person).
///
/// It also looks at former clients, whose cases have ended: representing a co-defendant of a former
/// client in the same matter needs the former client's informed consent (ABA Model Rule 1.9(a)).
public enum ConflictCheck {
    /// One case as the check sees it.
    public struct Party: Sendable, Hashable {
        /// The case identifier.
        public let caseID: String
        /// The person's name, when recorded.
        public let personName: String?
        /// The co-defendants recorded for the case (case identifiers or names).
        public let coDefendants: [String]

        /// Creates a party.
        public init(caseID: String, personName: String?, coDefendants: [String]) {
            self.caseID = caseID
            self.personName = personName
            self.coDefendants = coDefendants
        }
    }

    /// The conflicts between an offered case and an attorney's present cases, in words; empty when none.
    ///
    /// Names are compared without case, spacing or punctuation differences.
    ///
    /// - Parameters:
    ///   - offered: The case offered to the attorney.
    ///   - present: The attorney's present cases (assigned, drafted or filed).
    ///   - former: The attorney's former clients' cases (granted, denied or closed).
    /// - Returns: One sentence per conflict found, present clients first.
    public static func conflicts(of offered: Party, with present: [Party], former: [Party] = []) -> [String] {
        let offeredKeys = Set([normalized(offered.caseID)] + [offered.personName].compactMap { $0 }.map(normalized))
        let offeredCoDefendants = Set(offered.coDefendants.map(normalized))
        var found: [String] = []
        for (clients, represent, already) in [(present, "which you represent", "already represent"),
                                              (former, "whom you formerly represented", "formerly represented")] {
            for client in clients where client.caseID != offered.caseID {
                let clientKeys = Set([normalized(client.caseID)] + [client.personName].compactMap { $0 }.map(normalized))
                if !offeredCoDefendants.isDisjoint(with: clientKeys) {
                    found.append("Case \(client.caseID), \(represent), is a co-defendant of case \(offered.caseID).")
                } else if !Set(client.coDefendants.map(normalized)).isDisjoint(with: offeredKeys) {
                    found.append("Case \(client.caseID), \(represent), names case \(offered.caseID) as a co-defendant.")
                }
                if let name = offered.personName, let other = client.personName, normalized(name) == normalized(other), !name.isEmpty {
                    found.append("You \(already) a person of the same name in case \(client.caseID).")
                }
            }
        }
        return found
    }

    static func normalized(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }.map(Character.init))
    }
}
