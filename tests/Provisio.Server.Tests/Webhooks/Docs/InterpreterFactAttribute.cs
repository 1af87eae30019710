using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Webhooks.Docs;

/// <summary>A fact that runs a script with an interpreter (<c>node</c>, <c>python3</c>): skipped, saying so, when it is not on the PATH.</summary>
public sealed class InterpreterFactAttribute : FactAttribute
{
    public InterpreterFactAttribute(string interpreter)
    {
        Interpreter = interpreter;
        if (Interpreters.Find(interpreter) is null)
        {
            Skip = $"{interpreter} is not on the PATH, so the {interpreter} snippet of docs/webhooks.md was not run.";
        }
    }

    public string Interpreter { get; }
}
