using System.Diagnostics;
using Pauta.Core.Audit;
using Pauta.Tests.Shared;

// AuditBundle <path> [entries=1000000] [checkpointEvery=10000]
// Writes a signed bundle of realistic entries (a fresh P-256 key) and prints its size and the time it took.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: AuditBundle <path> [entries] [checkpointEvery]");
    return 2;
}
var path = args[0];
var entries = args.Length > 1 ? long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
var every = args.Length > 2 ? long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
var key = AuditSigningKeys.New();
var watch = Stopwatch.StartNew();
using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
{
    AuditBundles.Write(file, key, AuditBundles.Entries(seed: 11, entries, TestInstants.WorkingMorning), every);
}
Console.WriteLine($"wrote {entries} entries, a checkpoint every {every}, {new FileInfo(path).Length} bytes in {watch.Elapsed.TotalSeconds:0.0} s");
return 0;
