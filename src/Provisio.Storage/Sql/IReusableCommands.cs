using System.Data.Common;

namespace Provisio.Storage.Sql;

/// <summary>
/// A connection that keeps its commands prepared between uses (SQLite: its own pool, since Microsoft.Data.Sqlite
/// finalizes every statement when a connection closes). Parsing and planning a statement costs more than running it.
/// </summary>
public interface IReusableCommands
{
    /// <summary>
    /// The command for <paramref name="sql"/>, prepared by an earlier use and without parameters; null when it is in use
    /// or the connection has no room for it. Disposing it hands it back.
    /// </summary>
    DbCommand? Rent(string sql);
}
