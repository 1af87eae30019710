using Provisio.Scim.Resources;

namespace Provisio.Storage;

/// <summary>One page of a list, and how many resources match in all.</summary>
public sealed record ResourcePage(IReadOnlyList<ScimResource> Resources, long TotalResults);
