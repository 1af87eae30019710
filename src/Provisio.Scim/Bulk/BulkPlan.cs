using Provisio.Scim.Errors;

namespace Provisio.Scim.Bulk;

/// <summary>
/// Orders a BulkRequest so every operation runs after the operations whose bulkIds it refers to, keeping request order
/// otherwise (a group may come before the users it lists). References to a bulkId nobody defines are refused (400);
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
            if (references[operation.Index].FirstOrDefault(r => !definers.ContainsKey(r)) is { } unknown)
            {
                steps.Add(new BulkStep(operation, references[operation.Index], ScimException.BadRequest(ScimErrorType.InvalidValue,
                    $"'{BulkReferences.Prefix}{unknown}' refers to a bulkId that no operation in this request defines.")));
                Place(operation, placed);
            }
            else
            {
                pending.Add(operation);
            }
        }
        while (pending.Count > 0)
        {
            var ready = pending.Where(o => references[o.Index].All(placed.Contains)).ToList();
            if (ready.Count == 0)
            {
                steps.AddRange(pending.Select(o => new BulkStep(o, references[o.Index], Circular(o, references, definers, placed))));
                break;
            }
            foreach (var operation in ready)
            {
                steps.Add(new BulkStep(operation, references[operation.Index], null));
                Place(operation, placed);
                pending.Remove(operation);
            }
        }
        return steps;
    }

    private static void Place(BulkOperation operation, HashSet<string> placed)
    {
        if (operation.BulkId is not null)
        {
            placed.Add(operation.BulkId);
        }
    }

    /// <summary>Follows unplaced references from the operation until one repeats, to name the cycle in the error.</summary>
    private static ScimException Circular(BulkOperation operation, Dictionary<int, IReadOnlyList<string>> references,
        Dictionary<string, BulkOperation> definers, HashSet<string> placed)
    {
        var chain = operation.BulkId is null ? new List<string>() : [operation.BulkId];
        var current = operation;
        while (references[current.Index].FirstOrDefault(r => !placed.Contains(r)) is { } next && !chain.Contains(next))
        {
            chain.Add(next);
            current = definers[next];
        }
        var cycleStart = references[current.Index].FirstOrDefault(r => !placed.Contains(r));
        var cycle = cycleStart is null ? chain : [.. chain[chain.IndexOf(cycleStart)..], cycleStart];
        return new ScimException(409, null,
            $"Operation {operation.Index} is part of, or waits for, a circular bulkId reference ({string.Join(" → ", cycle)}); " +
            "create the resources first, then link them with PATCH.");
    }
}
