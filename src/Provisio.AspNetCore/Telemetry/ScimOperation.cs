namespace Provisio.AspNetCore.Telemetry;

/// <summary>
/// What a SCIM endpoint does, put on it when it is mapped, so metrics and logs name the operation without parsing
/// paths: <see cref="Resource"/> is <c>Users</c>, <c>Groups</c>, <c>Bulk</c>, <c>Root</c> (the root <c>/.search</c>),
/// <c>Me</c> or a discovery endpoint; <see cref="Name"/> is <c>create</c>, <c>read</c>, <c>list</c>, <c>search</c>,
/// <c>replace</c>, <c>patch</c>, <c>delete</c>, <c>bulk</c>, <c>discovery</c> or <c>unsupported</c>.
/// </summary>
public sealed record ScimOperation(string Resource, string Name);
