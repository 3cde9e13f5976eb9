using Xunit.Abstractions;

[assembly: TestCollectionOrderer("Pauta.Web.Tests.Infrastructure.LongestFirst", "Pauta.Web.Tests")]

namespace Pauta.Web.Tests.Infrastructure;

/// <summary>
/// Starts the test classes that take minutes before the rest (each class is its own xunit collection, and xunit runs a
/// few at a time, starting the next in this order when one ends). Left in xunit's order, the two whole-app tests could
/// start last and run alone at the end while the other threads sit idle; started first, the short classes fill the
/// other threads around them. Only the order changes: every class runs, on its own app, as before. The list is the
/// slowest classes of a measured full run, slowest first; a class not listed keeps its place after them.
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    private static readonly Type[] Slowest =
    [
        typeof(WholeApp.WholeAppOnPostgres),
        typeof(WholeApp.WholeAppOnSqlite),
        typeof(Contacts.ContactCrashTests),
        typeof(HostileSweepOnSqlite),
        typeof(Training.GateRandomizedOnSqlite),
        typeof(Audit.AuditLogOnPostgres),
        typeof(Protocols.SearchOnSqlite),
        typeof(Audit.AuditLogOnSqlite),
        typeof(Protocols.AuthoringOnSqlite),
    ];

    /// <summary>xunit names the collection of a class without a [Collection] "Test collection for " and the class's full name.</summary>
    private const string PerClassPrefix = "Test collection for ";

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections)
    {
        var rank = Slowest.Select((type, i) => (PerClassPrefix + type.FullName, i)).ToDictionary(x => x.Item1, x => x.i, StringComparer.Ordinal);
        // OrderBy is stable: the classes not listed keep xunit's order among themselves.
        return testCollections.OrderBy(c => rank.TryGetValue(c.DisplayName, out var r) ? r : Slowest.Length).ToList();
    }
}
