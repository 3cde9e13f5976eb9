using System.IO.Compression;
using System.Text;
using Pauta.Data.Protocols;

namespace Pauta.Protocols.Tests;

/// <summary>
/// A seeded corpus of hostile protocol files and zips, made at test time: well-formed files (generated protocols
/// written by <see cref="ProtocolFile.Write"/>) mutated by cutting, repeating, swapping and inserting pieces of YAML and
/// Markdown syntax, plus the known attacks (deep nesting, aliases, huge lines, many steps, zip bombs, lying zip
/// directories). The same seed gives the same corpus on every machine. Compiled into the file-format, CLI and web
/// tests, which send it through <see cref="ProtocolFile.Parse"/>, <c>pauta lint</c>, the import API and the upload page.
/// </summary>
public static class FuzzCorpus
{
    private static readonly string[] Splinters =
    [
        "[", "]", "{", "}", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "{a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a:",
        "&a ", "*a", "&a [*a, *a]", "!!binary ", "!tag ", "? ", ": ", "- ", "-\n  -\n    -\n      -\n", "'", "\"", "\\", "|", ">", "|-\n", "#",
        "---\n", "...\n", "%YAML 1.2\n", "```yaml\n", "```\n", "~~~\n", "## Plan: ", "## Apertura\n", "## Solución\n", "### ", "### {#", "{#k}",
        "{#}", "\t", "\r", "\r\n", "\0", "\u0085", "\u2028", "\uFEFF", "\uD800", "\uDC00", "😀", "ñ", "\n", "\n\n", "  ", "null", "~",
        "true", "1e999", "-0", "0x7FFFFFFF", "99999999999999999999", "<<: *a", "{cliente}", "{{", "}}", "{x", "scripts:\n  - text:",
        "answers:\n  - label: a\n    next: a", "next: end", "stage: nada", "channels: [phone, phone]",
    ];

    /// <summary>The corpus: <paramref name="count"/> files, each (name, bytes); the same seed gives the same files.</summary>
    public static IReadOnlyList<(string Name, string Text)> Files(int seed, int count)
    {
        var r = new Random(seed);
        var files = new List<(string, string)>();
        foreach (var attack in Attacks()) files.Add(attack);
        while (files.Count < count)
        {
            var i = files.Count;
            var text = r.Next(8) switch
            {
                0 => Noise(r),
                _ => Mutate(r, ProtocolFile.Write(ProtocolGenerator.Generate(r)), 1 + r.Next(6)),
            };
            files.Add(($"fuzz-{seed}-{i}.md", text));
        }
        return files;
    }

    /// <summary>The known attacks, each made just past (or far past) a limit.</summary>
    public static IEnumerable<(string Name, string Text)> Attacks()
    {
        yield return ("deep-brackets.md", Deep("[", "]", 25_000));
        yield return ("deep-braces.md", Deep("{a: ", "}", 25_000));
        yield return ("deep-one-line.md", "---\ntitle: " + new string('[', 25_000) + new string(']', 25_000) + "\n---\n");
        yield return ("deep-block.md", "---\ntitle:\n" + string.Concat(Enumerable.Range(0, 300).Select(i => new string(' ', i) + "-\n")) + "---\n");
        yield return ("alias-cycle.md", "---\nterms: &a [*a]\n---\n");
        yield return ("alias-laughs.md", "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n---\n");
        yield return ("long-line.md", "---\ntitle: " + new string('a', ProtocolFileLimits.MaxLineChars * 3) + "\n---\n");
        yield return ("valid-long-words.md", "---\ntitle: x\n---\n\n## Apertura\n\n### A {#a}\n\n" + string.Concat(Enumerable.Repeat(new string('x', 19_000) + "\n", 50)));
        yield return ("many-steps.md", "---\ntitle: x\n---\n\n## Apertura\n" + string.Concat(Enumerable.Range(0, ProtocolFileLimits.MaxSteps * 4).Select(i => $"### S {{#s-{i}}}\n")));
        yield return ("many-plans.md", "---\ntitle: x\n---\n" + string.Concat(Enumerable.Range(0, ProtocolFileLimits.MaxPlans * 4).Select(i => $"## Plan: P {{#p-{i}}}\n")));
        yield return ("unclosed-fence.md", "---\ntitle: x\n---\n\n## Apertura\n\n### A {#a}\n\n```yaml\n" + string.Concat(Enumerable.Repeat("checklist: [a]\n", 5_000)));
        yield return ("fences.md", "---\ntitle: x\n---\n" + string.Concat(Enumerable.Repeat("```\n", 20_000)));
        yield return ("no-end.md", "---\n" + string.Concat(Enumerable.Repeat("title: x\n", 20_000)));
        yield return ("empty.md", "");
        yield return ("dashes.md", "---");
        yield return ("nul.md", "---\ntitle: \0\n---\n");
        yield return ("big.md", "---\ntitle: x\n---\n" + string.Concat(Enumerable.Repeat(new string('y', 1000) + "\n", 1_200)));
    }

    public static string Deep(string open, string close, int depth)
    {
        var text = new StringBuilder("---\ntitle: ");
        for (var i = 0; i < depth; i++) text.Append(open).Append(i % 100 == 99 ? "\n" : "");
        text.Append('\n');
        for (var i = 0; i < depth; i++) text.Append(close).Append(i % 100 == 99 ? "\n" : "");
        return text.Append("\n---\n").ToString();
    }

    private static string Noise(Random r)
    {
        var text = new StringBuilder(r.Next(2) == 0 ? "---\n" : "");
        var parts = r.Next(1, 80);
        for (var i = 0; i < parts; i++)
            text.Append(r.Next(3) == 0 ? (char)r.Next(0, 0x3000) : Splinters[r.Next(Splinters.Length)]);
        return text.ToString();
    }

    public static string Mutate(Random r, string text, int times)
    {
        var s = new StringBuilder(text);
        for (var t = 0; t < times && s.Length > 0; t++)
        {
            var at = r.Next(s.Length);
            var length = Math.Min(s.Length - at, r.Next(1, 40));
            switch (r.Next(6))
            {
                case 0: s.Remove(at, length); break;
                case 1: s.Insert(at, Splinters[r.Next(Splinters.Length)]); break;
                case 2: s.Insert(at, s.ToString(at, length)); break;
                case 3: s.Length = at; break;
                case 4: s[at] = (char)r.Next(0, 0x3000); break;
                default:
                    var other = r.Next(s.Length);
                    var piece = s.ToString(other, Math.Min(s.Length - other, length));
                    s.Insert(at, string.Concat(Enumerable.Repeat(piece, r.Next(1, 30))));
                    break;
            }
        }
        return s.ToString();
    }

    /// <summary>Zips: valid ones with corpus files in them, mutated bytes of those, bombs and lying directories.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Zips(int seed, int count)
    {
        var r = new Random(seed);
        var files = Files(seed, 40);
        var zips = new List<(string, byte[])>
        {
            ("bomb.zip", Zip(("a.md", new byte[60 * 1024 * 1024]))),
            ("too-many.zip", Zip(Enumerable.Range(0, ProtocolFileLimits.MaxZipEntries + 1).Select(i => ($"p{i}.md", "x"u8.ToArray())).ToArray())),
            ("one-big.zip", Zip(("big.md", new byte[ProtocolFileLimits.MaxFileBytes + 1]))),
            ("evil-names.zip", Zip(("../../etc/x.md", "x"u8.ToArray()), ("/abs.md", "x"u8.ToArray()), ("c:/x.md", "x"u8.ToArray()))),
            ("not-a-zip.zip", "PK\u0003\u0004 not really"u8.ToArray()),
            ("empty.zip", Zip()),
        };
        while (zips.Count < count)
        {
            var entries = Enumerable.Range(0, r.Next(1, 4)).Select(_ => files[r.Next(files.Count)])
                .Select((f, i) => ($"{i}-{f.Name}", Encoding.UTF8.GetBytes(f.Text))).ToArray();
            var bytes = Zip(entries);
            for (var m = r.Next(4); m > 0; m--) bytes[r.Next(bytes.Length)] = (byte)r.Next(256);
            if (r.Next(5) == 0) bytes = bytes[..r.Next(bytes.Length)];
            zips.Add(($"fuzz-{seed}-{zips.Count}.zip", bytes));
        }
        return zips;
    }

    public static byte[] Zip(params (string Name, byte[] Bytes)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                using var stream = archive.CreateEntry(name, CompressionLevel.Fastest).Open();
                stream.Write(bytes);
            }
        }
        return buffer.ToArray();
    }
}
