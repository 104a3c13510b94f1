import Testing
@testable import VerbinderAnalysis

/// Every metric against NetworkX (and R `sna` for brokerage) on classic and random graphs, at 1e-9 relative.
@Suite("Reference values (NetworkX, R sna)")
struct ReferenceTests {
    @Test(arguments: ReferenceFixture.names)
    func degrees(_ name: String) throws {
        let fixture = try ReferenceFixture.load(name)
        let graph = fixture.graph
        expectClose(Centrality.degree(graph), fixture.metrics["degree"]!, "\(name) degree")
        if fixture.directed {
            expectClose(graph.givenInDegree.map(Double.init), fixture.metrics["in_degree"]!, "\(name) in_degree")
            expectClose(graph.givenOutDegree.map(Double.init), fixture.metrics["out_degree"]!, "\(name) out_degree")
        }
    }

    @Test(arguments: ReferenceFixture.names)
    func betweenness(_ name: String) throws {
        let fixture = try ReferenceFixture.load(name)
        let graph = fixture.graph
        expectClose(Centrality.betweenness(graph), fixture.metrics["betweenness"]!, "\(name) betweenness")
        expectClose(Centrality.betweenness(graph, weighted: true), fixture.metrics["betweenness_weighted"]!, "\(name) betweenness_weighted")
        expectClose(Centrality.betweenness(graph, normalized: false), fixture.metrics["betweenness_raw"]!, "\(name) betweenness raw")
        // One thread or many: bit-for-bit the same.
        #expect(Centrality.betweenness(graph, threads: 1) == Centrality.betweenness(graph, threads: 4))
        #expect(Centrality.betweenness(graph, weighted: true, threads: 1) == Centrality.betweenness(graph, weighted: true, threads: 3))
    }

    @Test(arguments: ReferenceFixture.names)
    func closenessEigenvectorPageRank(_ name: String) throws {
        let fixture = try ReferenceFixture.load(name)
        let graph = fixture.graph
        expectClose(Centrality.closeness(graph), fixture.metrics["closeness"]!, "\(name) closeness")
        let eigenvector = Centrality.eigenvector(graph)
        #expect(eigenvector.converged)
        expectClose(eigenvector.values, fixture.metrics["eigenvector"]!, "\(name) eigenvector", absolute: 1e-10)
        let pageRank = Centrality.pageRank(graph)
        #expect(pageRank.converged)
        expectClose(pageRank.values, fixture.metrics["pagerank"]!, "\(name) pagerank")
    }

    @Test(arguments: ReferenceFixture.names)
    func structuralHoles(_ name: String) throws {
        let fixture = try ReferenceFixture.load(name)
        let holes = StructuralHoles.compute(fixture.graph)
        expectClose(holes.constraint, fixture.metrics["constraint"]!, "\(name) constraint")
        expectClose(holes.effectiveSize, fixture.metrics["effective_size"]!, "\(name) effective_size")
        expectClose(holes.efficiency, fixture.metrics["efficiency"]!, "\(name) efficiency")
        expectClose(holes.hierarchy, fixture.metrics["hierarchy"]!, "\(name) hierarchy")
        let weighted = StructuralHoles.compute(fixture.graph, weighted: true)
        expectClose(weighted.constraint, fixture.metrics["constraint_weighted"]!, "\(name) constraint weighted")
        expectClose(weighted.effectiveSize, fixture.metrics["effective_size_weighted"]!, "\(name) effective_size weighted")
    }

    @Test(arguments: ReferenceFixture.names)
    func brokerage(_ name: String) throws {
        let fixture = try ReferenceFixture.load(name)
        let result = Brokerage.compute(fixture.graph, groups: fixture.groups)
        let reference = fixture.brokerage
        for role in Brokerage.Role.allCases {
            expectClose(result.counts[role.rawValue], reference.counts[role.rawValue], "\(name) \(role.snaName)")
        }
        expectClose(result.total, reference.counts[5], "\(name) t")
        // R writes 15 significant digits.
        for column in 0 ..< 6 {
            expectClose(result.expected!.map { $0[column] }, reference.expected[column], "\(name) expected \(column)", relative: 1e-12)
            expectClose(result.z!.map { $0[column] }, reference.z[column], "\(name) z \(column)", relative: 1e-12)
        }
        expectClose(result.globalCounts, reference.globalCounts, "\(name) global counts")
        expectClose(result.globalExpected!, reference.globalExpected, "\(name) global expected", relative: 1e-12)
        expectClose(result.globalZ!, reference.globalZ, "\(name) global z", relative: 1e-12)

        let partial = Brokerage.compute(fixture.graph, groups: fixture.groups, partialCredit: true)
        for role in Brokerage.Role.allCases {
            expectClose(partial.counts[role.rawValue], fixture.brokeragePartial[role.rawValue], "\(name) partial \(role.name)")
        }
        #expect(partial.z == nil)
    }

    @Test(arguments: ReferenceFixture.names)
    func eiIndexAndModularity(_ name: String) throws {
        let fixture = try ReferenceFixture.load(name)
        let (groups, network) = EIIndex.compute(fixture.graph, groups: fixture.groups)
        #expect(close(network, fixture.eiIndex.network))
        #expect(groups.count == fixture.eiIndex.groups.count)
        for group in groups {
            let expected = try #require(fixture.eiIndex.groups[String(group.code)])
            #expect(group.internalTies == expected.internal && group.externalTies == expected.external)
            #expect(close(group.index, expected.index))
        }
        if let partition = fixture.partition, let modularity = fixture.modularity {
            #expect(close(Communities.modularity(fixture.graph, community: partition), modularity))
        }
    }
}
