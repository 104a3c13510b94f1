import CGraphviz
import Foundation

/// A cgraph ID discipline that numbers named objects in creation order.
///
/// cgraph's default discipline uses the address of a name's interned string as the object's ID, and
/// keeps subgraphs ordered by ID, so the order of clusters (and with it the SVG and DOT) would depend
/// on where malloc put the names: in one process, a second render of the same graph could come out
/// different. With this discipline named objects get even IDs 2, 4, 6, ... in the order they are
/// created, anonymous ones (edges) odd IDs, and output depends on the input only.
enum SequentialIDs {
    /// The discipline, allocated once and never freed (cgraph keeps a pointer to it in every graph).
    nonisolated(unsafe) static let discipline: UnsafeMutablePointer<Agdisc_t> = {
        let ids = UnsafeMutablePointer<Agiddisc_t>.allocate(capacity: 1)
        ids.initialize(to: Agiddisc_t(
            open: { graph, _ in Unmanaged.passRetained(State(graph: graph!)).toOpaque() },
            map: { state, _, name, id, create in
                let table = Unmanaged<State>.fromOpaque(state!).takeUnretainedValue()
                return table.map(name: name, id: id!, create: create != 0) ? 1 : 0
            },
            alloc: { _, _, _ in 0 },
            free: { state, _, id in
                Unmanaged<State>.fromOpaque(state!).takeUnretainedValue().release(id)
            },
            print: { state, _, id in
                Unmanaged<State>.fromOpaque(state!).takeUnretainedValue().entries[id]?.name
            },
            close: { state in
                Unmanaged<State>.fromOpaque(state!).release()
            },
            idregister: { _, _, _ in }))
        // The default memory and I/O disciplines, read from a throwaway graph (Swift 6 will not touch
        // cgraph's mutable globals such as AgDefaultDisc directly).
        var descriptor = Agdesc_t()
        descriptor.directed = 1
        descriptor.maingraph = 1
        let probe = "probe".withCString { agopen(UnsafeMutablePointer(mutating: $0), descriptor, nil) }!
        let defaults = probe.pointee.clos.pointee.disc
        agclose(probe)
        let discipline = UnsafeMutablePointer<Agdisc_t>.allocate(capacity: 1)
        discipline.initialize(to: Agdisc_t(mem: defaults.mem, id: ids, io: defaults.io))
        return discipline
    }()

    /// One graph's names and IDs (shared by its subgraphs).
    ///
    /// Like cgraph's default discipline, a name is interned in the graph's string dictionary (agstrdup)
    /// once per object created with it and released (agstrfree) when the object is freed, and `print`
    /// returns the interned string (cgraph reads its HTML flag from the dictionary entry).
    final class State {
        struct Entry {
            var name: UnsafeMutablePointer<CChar>
            var objects: Int
        }

        let graph: UnsafeMutablePointer<Agraph_t>
        var ids: [String: IDTYPE] = [:]
        var entries: [IDTYPE: Entry] = [:]
        var nextNamed: IDTYPE = 2
        var nextAnonymous: IDTYPE = 1

        init(graph: UnsafeMutablePointer<Agraph_t>) { self.graph = graph }

        func map(name: UnsafeMutablePointer<CChar>?, id: UnsafeMutablePointer<IDTYPE>, create: Bool) -> Bool {
            guard let name else {
                guard create else { return false }
                id.pointee = nextAnonymous
                nextAnonymous += 2
                return true
            }
            let key = String(cString: name)
            if let known = ids[key], entries[known] != nil {
                if create {
                    _ = agstrdup(graph, name)
                    entries[known]!.objects += 1
                }
                id.pointee = known
                return true
            }
            guard create, let interned = agstrdup(graph, name) else { return false }
            let new = nextNamed
            nextNamed += 2
            ids[key] = new
            entries[new] = Entry(name: interned, objects: 1)
            id.pointee = new
            return true
        }

        func release(_ id: IDTYPE) {
            guard var entry = entries[id] else { return }
            agstrfree(graph, entry.name)
            entry.objects -= 1
            entries[id] = entry.objects > 0 ? entry : nil
        }
    }
}
