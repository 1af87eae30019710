namespace Provisio.Scim.Filtering;

/// <summary>A node of a parsed SCIM filter (RFC 7644 §3.4.2.2).</summary>
public abstract record FilterNode
{
    /// <summary>The conditions an <c>and</c> chain is made of (the node itself when it is not an <c>and</c>).</summary>
    public IEnumerable<FilterNode> Conjuncts() =>
        this is AndFilter and ? and.Left.Conjuncts().Concat(and.Right.Conjuncts()) : [this];
}

/// <summary><c>attrPath compareOp compValue</c>; <see cref="Value"/> is a string, bool, decimal or null.</summary>
public sealed record ComparisonFilter(AttributePath Path, ComparisonOperator Operator, object? Value) : FilterNode;

/// <summary><c>attrPath pr</c>.</summary>
public sealed record PresentFilter(AttributePath Path) : FilterNode;

public sealed record AndFilter(FilterNode Left, FilterNode Right) : FilterNode;

public sealed record OrFilter(FilterNode Left, FilterNode Right) : FilterNode;

public sealed record NotFilter(FilterNode Inner) : FilterNode;

/// <summary><c>attrPath "[" valFilter "]"</c>: some value of a multi-valued attribute matches the inner filter.</summary>
public sealed record ValuePathFilter(AttributePath Path, FilterNode Filter) : FilterNode;

/// <summary>The comparison operators of RFC 7644 §3.4.2.2.</summary>
public enum ComparisonOperator
{
    Eq,
    Ne,
    Co,
    Sw,
    Ew,
    Gt,
    Ge,
    Lt,
    Le,
}
