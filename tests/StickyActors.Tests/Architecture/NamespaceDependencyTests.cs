using StickyActors.Configuration;

namespace StickyActors.Tests.Architecture;

/// <summary>
/// The library's namespaces form a graph without loops, so each room of the data path
/// (Listening → Preamble → Routing → Handoff → Supervision / Worker) depends only on rooms before
/// it or beneath it, never back.
/// </summary>
public sealed class NamespaceDependencyTests
{
    [Fact]
    public void Namespaces_OfTheLibrary_HaveNoImportLoop()
    {
        var graph = Graph(typeof(StickyActorsSettings).Assembly);

        var loops = Loops(graph).ToList();

        Assert.True(loops.Count == 0, "Namespace loops:\n" + string.Join("\n", loops.Select(l => string.Join(" → ", l))));
    }

    [Fact]
    public void Graph_WithALoopPlanted_FindsIt()
    {
        var graph = new Dictionary<string, HashSet<string>>
        {
            ["A"] = ["B"],
            ["B"] = ["C"],
            ["C"] = ["A"],
            ["D"] = ["A"],
        };

        var loop = Assert.Single(Loops(graph));

        Assert.Equal(["A", "B", "C", "A"], loop);
    }

    private static Dictionary<string, HashSet<string>> Graph(System.Reflection.Assembly assembly)
    {
        var graph = new Dictionary<string, HashSet<string>>();
        foreach (var type in assembly.GetTypes())
        {
            var from = Namespace(type);
            if (from is null)
            {
                continue;
            }

            var edges = graph.TryGetValue(from, out var set) ? set : graph[from] = [];
            foreach (var to in TypeReferences.Of(type).Where(t => t.Assembly == assembly).Select(Namespace))
            {
                if (to is not null && to != from && !from.StartsWith(to + ".", StringComparison.Ordinal))
                {
                    edges.Add(to);
                }
            }
        }

        return graph;
    }

    // Compiler-generated and nested types belong to the namespace of their outermost type; the root
    // namespace (the public façade) may use every room and is left out.
    private static string? Namespace(Type type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type.Namespace is { } ns && ns.StartsWith("StickyActors.", StringComparison.Ordinal) ? ns : null;
    }

    private static IEnumerable<List<string>> Loops(Dictionary<string, HashSet<string>> graph)
    {
        var state = new Dictionary<string, int>();
        var path = new List<string>();
        var found = new List<List<string>>();
        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
        {
            Visit(node);
        }

        return found;

        void Visit(string node)
        {
            if (state.GetValueOrDefault(node) == 2)
            {
                return;
            }

            if (state.GetValueOrDefault(node) == 1)
            {
                found.Add([.. path.Skip(path.IndexOf(node)), node]);
                return;
            }

            state[node] = 1;
            path.Add(node);
            foreach (var next in graph.GetValueOrDefault(node, []).Order(StringComparer.Ordinal))
            {
                Visit(next);
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
        }
    }
}
