using Pauta.Core.Audit;

namespace Pauta.Tests.Shared;

/// <summary>
/// Realistic audit logs and signed bundles for tests and benchmarks, reproducible from a seed: contact actions shaped by
/// <see cref="ContactAudit"/> (most of a real log), protocol moves, people, settings and tokens, with quotes, accents,
/// control characters and non-BMP characters in their details, instants growing from a fixed start.
/// </summary>
public static class AuditBundles
{
    public static readonly Guid Organisation = Guid.Parse("6f1d2a4b-7c3e-4d59-9a8b-0c1d2e3f4a5b");

    private static readonly string[] ContactTypes = ["started", "step", "skip", "note", "escalated", "closed", "survey"];
    private static readonly string[] Titles = ["Devoluciones y cambios", "Atención telefónica", "Reserva de citas \"salón\"", "Quejas\tformales", "Pagos 💳 y reembolsos"];

    /// <summary>The entries 0..count-1 of a log, generated lazily (a million entries never sit in memory).</summary>
    public static IEnumerable<AuditRecord> Entries(int seed, long count, DateTimeOffset start)
    {
        var random = new Random(seed);
        var people = Enumerable.Range(0, 12).Select(_ => NewGuid(random)).ToArray();
        var customers = Enumerable.Range(0, 400).Select(_ => NewGuid(random)).ToArray();
        var contacts = Enumerable.Range(0, 200).Select(_ => NewGuid(random)).ToArray();
        var salt = new byte[16];
        var at = AuditRecord.Truncate(start);
        for (long i = 0; i < count; i++)
        {
            at = at.AddTicks(10 * random.Next(1, 2_000_000));
            var actor = people[random.Next(people.Length)];
            var kind = random.Next(100);
            if (kind < 80)
            {
                random.NextBytes(salt);
                var contact = contacts[random.Next(contacts.Length)];
                var data = $"{{\"words\":\"quiero devolver unos zapatos n.º {random.Next(1000)}\"}}";
                yield return ContactAudit.Entry(i, contact, random.Next(1, 40), ContactTypes[random.Next(ContactTypes.Length)], at,
                    random.Next(10) == 0 ? null : actor, customers[random.Next(customers.Length)], salt, data);
            }
            else if (kind < 90)
            {
                var title = Titles[random.Next(Titles.Length)];
                yield return new AuditRecord(i, at, actor, "protocol.published", "protocol", NewGuid(random).ToString("D"), null,
                    $"v{random.Next(1, 9)} «{title}»", null);
            }
            else if (kind < 95)
            {
                yield return new AuditRecord(i, at, actor, "person.role", "person", people[random.Next(people.Length)].ToString("D"), null,
                    "Agent → Supervisor", null);
            }
            else
            {
                yield return new AuditRecord(i, at, actor, "settings.hours", "organisation", Organisation.ToString("D"), null,
                    "Lunes a viernes 10:00–14:00\\16:30–20:30\u0001", null);
            }
        }
    }

    /// <summary>
    /// Writes a bundle of these entries with a signed checkpoint after every <paramref name="checkpointEvery"/> entries
    /// and one at the end (when <paramref name="signTail"/>), each dated a second after its last entry.
    /// </summary>
    public static void Write(Stream stream, AuditKeyMaterial key, IEnumerable<AuditRecord> entries, long checkpointEvery, bool signTail = true)
    {
        using var signer = key.OpenPrivate();
        using var writer = new AuditBundleWriter(stream, AuditBundleHeader.For(Organisation, key.PublicKey));
        var tree = new MerkleAccumulator();
        AuditRecord? last = null;
        foreach (var entry in entries)
        {
            writer.WriteEntry(entry);
            tree.Append(entry.LeafHash());
            last = entry;
            if (tree.Size % checkpointEvery == 0) writer.WriteCheckpoint(Checkpoint(signer, key, tree, entry.At));
        }
        if (signTail && last is not null && tree.Size % checkpointEvery != 0) writer.WriteCheckpoint(Checkpoint(signer, key, tree, last.At));
        writer.Complete();
    }

    /// <summary>The bytes of a whole bundle.</summary>
    public static byte[] Bytes(AuditKeyMaterial key, int seed, long count, long checkpointEvery, bool signTail = true)
    {
        using var memory = new MemoryStream();
        Write(memory, key, Entries(seed, count, TestInstants.WorkingMorning), checkpointEvery, signTail);
        return memory.ToArray();
    }

    private static AuditBundleCheckpoint Checkpoint(System.Security.Cryptography.ECDsa signer, AuditKeyMaterial key, MerkleAccumulator tree, DateTimeOffset lastAt)
    {
        var head = new AuditTreeHead(Organisation, tree.Size, tree.Root(), lastAt.AddSeconds(1));
        return new AuditBundleCheckpoint(head.Size, head.Root, head.At, key.KeyId, AuditSignature.Sign(signer, head));
    }

    private static Guid NewGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
