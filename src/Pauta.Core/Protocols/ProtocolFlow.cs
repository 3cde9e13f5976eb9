namespace Pauta.Core.Protocols;

/// <summary>
/// One way out of a step. <paramref name="From"/> and <paramref name="To"/> are positions in the step list;
/// <paramref name="Target"/> is the key as written. <paramref name="To"/> is null when the edge ends the flow
/// (<see cref="Step.End"/>, or past the last step) or points at a key no step has.
/// <paramref name="Label"/> and <paramref name="AnswerIndex"/> are set on a question step's answers.
/// </summary>
public sealed record FlowEdge(int From, int? To, string Target, string? Label = null, int? AnswerIndex = null)
{
    public bool IsEnd => To is null && Target == Step.End;

    /// <summary>Points at a key no step has: the linter reports it, and the flow treats it as a way out.</summary>
    public bool IsDangling => To is null && Target != Step.End;
}

/// <summary>
/// The graph of one step list (the main flow or a contingency plan). A question step's ways out are its answers;
/// any other step goes to its explicit Next, else to the following step, and the last step ends the flow.
/// Steps are identified by position because a draft may hold duplicate keys; a key resolves to its first step.
/// </summary>
public sealed partial class ProtocolFlow
{
    private readonly List<FlowEdge>[] _outgoing;
    private readonly List<int>[] _successors;

    private ProtocolFlow(IReadOnlyList<Step> steps)
    {
        Steps = steps;
        var firstByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        // A step read from a file may lack its key; the linter reports it, the flow must not throw.
        for (var i = 0; i < steps.Count; i++) firstByKey.TryAdd(steps[i].Key ?? "", i);

        _outgoing = new List<FlowEdge>[steps.Count];
        _successors = new List<int>[steps.Count];
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var edges = new List<FlowEdge>();
            if (step.IsQuestion)
            {
                for (var a = 0; a < step.Answers.Count; a++)
                    edges.Add(EdgeTo(i, step.Answers[a].Next) with { Label = step.Answers[a].Label, AnswerIndex = a });
            }
            else
            {
                edges.Add(EdgeTo(i, step.Next));
            }
            _outgoing[i] = edges;
            _successors[i] = edges.Where(e => e.To is not null).Select(e => e.To!.Value).Distinct().ToList();
        }
        Edges = _outgoing.SelectMany(e => e).ToList();

        FlowEdge EdgeTo(int from, string? key)
        {
            if (string.IsNullOrWhiteSpace(key))
                return from + 1 < steps.Count ? new FlowEdge(from, from + 1, steps[from + 1].Key ?? "") : new FlowEdge(from, null, Step.End);
            if (key == Step.End) return new FlowEdge(from, null, Step.End);
            return new FlowEdge(from, firstByKey.TryGetValue(key, out var to) ? to : null, key);
        }
    }

    public static ProtocolFlow Of(IReadOnlyList<Step> steps) => new(steps);

    public IReadOnlyList<Step> Steps { get; }

    /// <summary>Every edge, step by step, answers in their order.</summary>
    public IReadOnlyList<FlowEdge> Edges { get; }

    public IReadOnlyList<FlowEdge> EdgesFrom(int step) => _outgoing[step];

    /// <summary>Positions of the steps some path from the first step reaches (the first included).</summary>
    public IReadOnlySet<int> Reachable()
    {
        var seen = new HashSet<int>();
        if (Steps.Count == 0) return seen;
        var queue = new Queue<int>([0]);
        seen.Add(0);
        while (queue.TryDequeue(out var step))
        {
            foreach (var next in _successors[step])
                if (seen.Add(next)) queue.Enqueue(next);
        }
        return seen;
    }

    /// <summary>Positions of the steps where the flow can finish: an edge ends it, or the step has no way out at all.</summary>
    public IReadOnlyList<int> TerminalSteps() =>
        Enumerable.Range(0, Steps.Count).Where(i => _outgoing[i].Count == 0 || _outgoing[i].Any(e => e.IsEnd)).ToList();

    /// <summary>
    /// Loops the flow can enter and never leave: sets of steps that reach one another but no terminal step.
    /// Only the innermost such sets are returned (a loop whose only exits lead into another trap is not), because
    /// giving those an exit is the fix. Each loop lists positions in list order.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<int>> LoopsWithoutExit()
    {
        var canExit = CanReachAnExit();
        var loops = new List<IReadOnlyList<int>>();
        foreach (var component in StronglyConnectedComponents())
        {
            if (component.Any(i => canExit[i])) continue;
            var members = component.ToHashSet();
            // Every step here has a way out (else it would be terminal) and none reaches an exit, so a component
            // whose edges all stay inside is a closed loop.
            if (component.All(i => _successors[i].All(members.Contains)))
                loops.Add(component.Order().ToList());
        }
        return loops.OrderBy(l => l[0]).ToList();
    }

    private bool[] CanReachAnExit()
    {
        var predecessors = Enumerable.Range(0, Steps.Count).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < Steps.Count; i++)
            foreach (var next in _successors[i]) predecessors[next].Add(i);

        var canExit = new bool[Steps.Count];
        var queue = new Queue<int>();
        for (var i = 0; i < Steps.Count; i++)
        {
            // A dangling edge counts as a way out so one wrong key is reported once, not again as a loop.
            if (_outgoing[i].Count == 0 || _outgoing[i].Any(e => e.To is null))
            {
                canExit[i] = true;
                queue.Enqueue(i);
            }
        }
        while (queue.TryDequeue(out var step))
        {
            foreach (var previous in predecessors[step])
            {
                if (canExit[previous]) continue;
                canExit[previous] = true;
                queue.Enqueue(previous);
            }
        }
        return canExit;
    }

    /// <summary>Tarjan's algorithm, iterative so a long generated flow cannot overflow the stack.</summary>
    private List<List<int>> StronglyConnectedComponents()
    {
        var count = Steps.Count;
        var index = Enumerable.Repeat(-1, count).ToArray();
        var low = new int[count];
        var onStack = new bool[count];
        var stack = new Stack<int>();
        var work = new Stack<(int Step, int NextEdge)>();
        var components = new List<List<int>>();
        var counter = 0;

        for (var root = 0; root < count; root++)
        {
            if (index[root] >= 0) continue;
            work.Push((root, 0));
            while (work.TryPop(out var frame))
            {
                var (v, e) = frame;
                if (e == 0)
                {
                    index[v] = low[v] = counter++;
                    stack.Push(v);
                    onStack[v] = true;
                }

                var descended = false;
                while (e < _successors[v].Count)
                {
                    var w = _successors[v][e++];
                    if (index[w] < 0)
                    {
                        work.Push((v, e));
                        work.Push((w, 0));
                        descended = true;
                        break;
                    }
                    if (onStack[w]) low[v] = Math.Min(low[v], index[w]);
                }
                if (descended) continue;

                if (low[v] == index[v])
                {
                    var component = new List<int>();
                    int w;
                    do
                    {
                        w = stack.Pop();
                        onStack[w] = false;
                        component.Add(w);
                    } while (w != v);
                    components.Add(component);
                }
                if (work.TryPeek(out var parent)) low[parent.Step] = Math.Min(low[parent.Step], low[v]);
            }
        }
        return components;
    }
}
