/// A small municipality for tests: two neighbourhoods, two departments in two clusters, two connectors. It
/// builds and simulates in milliseconds.
public enum TinyMunicipality {
    /// The scenario's YAML with `weeks` simulated and `connectorHours` per week for each connector.
    public static func yaml(weeks: Int, connectorHours: Int) -> String {
        """
        name: Tiny test municipality
        description: Two neighbourhoods, two departments in two clusters, two connectors.
        run: {weeks: \(weeks), seed: 3, replications: 2}
        neighbourhoods:
          - {name: Noord, residents: 3000, partners: [police]}
          - {name: Zuid, residents: 2500, partners: [welfare]}
        departments:
          - {name: Wijkzaken, domain: participation, cluster: A, officials: {policy: 4, execution: 6}}
          - {name: Openbare Ruimte, domain: physical, cluster: B, officials: {policy: 8, execution: 20}}
        managers:
          - {name: Teammanager Wijkzaken, level: team, department: Wijkzaken}
          - {name: Clustermanager B, level: cluster, cluster: B}
        aldermen:
          - {name: Wethouder Wijken, portfolio: [Wijkzaken], connectorPortfolio: true}
          - {name: Wethouder Fysiek, portfolio: [Openbare Ruimte]}
        connectors:
          - {name: Verbinder Noord, homeDepartment: Wijkzaken, neighbourhoods: [Noord], hoursPerWeek: \(connectorHours)}
          - {name: Verbinder Zuid, homeDepartment: Wijkzaken, neighbourhoods: [Zuid], hoursPerWeek: \(connectorHours)}
        policies:
          profile: developing
          capacity: {triage: firstCome, maxDeferralWeeks: 2}
          escalation: {route: clusterManager, trigger: afterRefusal, reluctance: 0.5}

        """
    }
}
