using Provisio.Scim.Errors;

namespace Provisio.Scim.Bulk;

/// <summary>
/// Orders a BulkRequest so every operation runs after the operations whose bulkIds it refers to, keeping request order
/// otherwise (a group may come before the users it lists). A POST without a bulkId and references to a bulkId nobody
/// defines are refused (400);
/// circular references are refused (409) rather than half-created: the RFC allows stopping after one attempt.
/// </summary>
public static class BulkPlan
{
    public static IReadOnlyList<BulkStep> Order(IReadOnlyList<BulkOperation> operations)
    {
        var definers = operations.Where(o => o.BulkId is not null).ToDictionary(o => o.BulkId!, StringComparer.Ordinal);
        var references = operations.ToDictionary(o => o.Index, BulkReferences.In);
        var steps = new List<BulkStep>(operations.Count);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var pending = new List<BulkOperation>();
        foreach (var operation in operations)
        {
            if (operation is { Method: "POST", BulkId: null })
            {
                // RFC 7644 §3.7: bulkId is REQUIRED for POST; refused alone, the rest of the request still runs.
                steps.Add(new BulkStep(operation, references[operation.Index], ScimException.BadRequest(ScimErrorType.InvalidValue,
                    $"Bulk operation {operation.Index} is a POST without a 'bulkId'; RFC 7644 §3.7 requires one.")));
            }
            else if (references[operation.Index].FirstOrDefault(r => !definers.ContainsKey(r)) is { } unknown)
            {
                steps.Add(new BulkStep(operation, references[operation.Index], ScimException.BadRequest(ScimErrorType.InvalidValue,
                    $"'{BulkReferences.Prefix}{ErrorText.Excerpt(unknown)}' refers to a bulkId that no operation in this request defines.")));
                Place(operation, placed);
            }
            else
            {
                pending.Add(operation);
            }
        }

        // Kahn's algorithm, taking the earliest ready operation first: linear in the references, whatever their shape.
        var waitingFor = new Dictionary<int, int>();
        var waiters = new Dictionary<string, List<BulkOperation>>(StringComparer.Ordinal);
        var ready = new PriorityQueue<BulkOperation, int>();
        foreach (var operation in pending)
        {
            var unplaced = references[operation.Index].Where(r => !placed.Contains(r)).Distinct(StringComparer.Ordinal).ToList();
            waitingFor[operation.Index] = unplaced.Count;
            foreach (var reference in unplaced)
            {
                (waiters.TryGetValue(reference, out var list) ? list : waiters[reference] = []).Add(operation);
            }
            if (unplaced.Count == 0)
            {
                ready.Enqueue(operation, operation.Index);
            }
        }
        while (ready.TryDequeue(out var operation, out _))
        {
            steps.Add(new BulkStep(operation, references[operation.Index], null));
            waitingFor.Remove(operation.Index);
            if (operation.BulkId is not null && placed.Add(operation.BulkId) && waiters.TryGetValue(operation.BulkId, out var released))
            {
                foreach (var waiter in released)
                {
                    if (--waitingFor[waiter.Index] == 0)
                    {
                        ready.Enqueue(waiter, waiter.Index);
                    }
                }
            }
        }
        steps.AddRange(pending.Where(o => waitingFor.ContainsKey(o.Index))
            .Select(o => new BulkStep(o, references[o.Index], Circular(o, references, definers, placed))));
        return steps;
    }

    private static void Place(BulkOperation operation, HashSet<string> placed)
    {
        if (operation.BulkId is not null)
        {
            placed.Add(operation.BulkId);
        }
    }

    /// <summary>How many bulkIds of a cycle an error names; the rest are counted, so the detail stays small.</summary>
    private const int CycleNamesShown = 3;

    /// <summary>
    /// Follows unplaced references from the operation until one repeats, to name the cycle in the error: its first few
    /// bulkIds, each as an excerpt, and its length. Linear in the cycle's length, so a ring of 1,000 stays cheap.
    /// </summary>
    private static ScimException Circular(BulkOperation operation, Dictionary<int, IReadOnlyList<string>> references,
        Dictionary<string, BulkOperation> definers, HashSet<string> placed)
    {
        var chain = operation.BulkId is null ? new List<string>() : [operation.BulkId];
        var seen = new HashSet<string>(chain, StringComparer.Ordinal);
        var current = operation;
        string? repeated;
        while ((repeated = references[current.Index].FirstOrDefault(r => !placed.Contains(r))) is not null && seen.Add(repeated))
        {
            chain.Add(repeated);
            current = definers[repeated];
        }
        var cycle = repeated is null ? chain : chain[chain.IndexOf(repeated)..];
        return new ScimException(409, null,
            $"Operation {operation.Index} is part of, or waits for, a circular bulkId reference ({Describe(cycle)}); " +
            "create the resources first, then link them with PATCH.");
    }

    private static string Describe(List<string> cycle)
    {
        var names = cycle.Take(CycleNamesShown).Select(id => ErrorText.Excerpt(id));
        return cycle.Count <= CycleNamesShown
            ? string.Join(" → ", names.Append(ErrorText.Excerpt(cycle[0])))
            : $"{string.Join(" → ", names)} → … → {ErrorText.Excerpt(cycle[0])}, {cycle.Count} operations";
    }
}
