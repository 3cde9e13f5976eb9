namespace Pauta.Web.Infrastructure;

/// <summary>
/// Which web node this process is. <c>Pauta:NodeName</c> names it (set one per node when several run behind a balancer);
/// without it the name is the machine's and the process id. When the operator named the node, every response carries
/// it in <c>X-Pauta-Node</c>, so a balancer's spread can be seen from outside.
/// </summary>
public sealed record NodeIdentity(string Name, bool Named)
{
    public const string Header = "X-Pauta-Node";

    public static NodeIdentity From(IConfiguration configuration) =>
        configuration[Pauta.Data.DataServices.NodeNameKey] is { Length: > 0 } name
            ? new NodeIdentity(name, Named: true)
            : new NodeIdentity($"{Environment.MachineName}-{Environment.ProcessId}", Named: false);
}
