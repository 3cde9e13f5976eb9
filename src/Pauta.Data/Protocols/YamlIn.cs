using System.Globalization;
using System.Text.RegularExpressions;
using Pauta.Core.Organisations;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Pauta.Data.Protocols;

/// <summary>
/// Reads one YAML fragment of a protocol file (the front matter or a step's block) strictly: unknown keys, wrong
/// types and unknown names are problems with the file's line and column, and every part read is remembered under
/// its linter path.
/// </summary>
internal sealed partial class YamlIn(ProtocolFileParser parser, int lineOffset)
{
    public YamlNode? Load(string yaml)
    {
        try
        {
            if (!WithinLimits(yaml)) return null;
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count > 1)
            {
                var second = stream.Documents[1].RootNode;
                Error(second, ProtocolFile.Codes.Yaml, "only one YAML document is allowed here");
                return null;
            }
            return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        }
        catch (YamlException ex)
        {
            var message = ex.InnerException is YamlException inner ? inner.Message : ex.Message;
            message = LocationPrefix().Replace(message, "");
            var code = message.Contains("Duplicate key", StringComparison.OrdinalIgnoreCase) ? ProtocolFile.Codes.DuplicateKey : ProtocolFile.Codes.Yaml;
            parser.Error((int)ex.Start.Line + lineOffset, (int)ex.Start.Column, code, message);
            Failed = true;
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException or OverflowException)
        {
            // YamlDotNet's scanner has a few states it reports with a general exception instead of a YamlException
            // (seen with fuzzed plain scalars): the text is still not YAML we can read, so it is a problem, at the
            // last place the scanner read well.
            parser.Error((int)_lastRead.Line + lineOffset, (int)_lastRead.Column, ProtocolFile.Codes.Yaml,
                "the YAML cannot be read after this point; check the quotes and indentation here");
            Failed = true;
            return null;
        }
    }

    private Mark _lastRead = new(0, 1, 1);

    public bool Failed { get; private set; }

    /// <summary>
    /// Walks the YAML as a flat stream of events (YamlDotNet's parser keeps its own stack, it does not recurse) and
    /// refuses nesting past <see cref="ProtocolFileLimits.MaxYamlDepth"/> before the node tree, which is built recursively,
    /// is loaded; anchors and aliases are refused too, since the format never writes them and they let a short file
    /// stand for a large or cyclic one.
    /// </summary>
    private bool WithinLimits(string yaml)
    {
        var events = new Parser(new StringReader(yaml));
        var depth = 0;
        while (events.MoveNext())
        {
            _lastRead = events.Current!.End;
            switch (events.Current)
            {
                case AnchorAlias alias:
                    return Refuse(alias.Start, ProtocolFile.Codes.Alias, $"YAML aliases (*{alias.Value}) are not allowed in a protocol file");
                case NodeEvent { Anchor.IsEmpty: false } node:
                    return Refuse(node.Start, ProtocolFile.Codes.Alias, $"YAML anchors (&{node.Anchor}) are not allowed in a protocol file");
                case MappingStart or SequenceStart:
                    depth++;
                    if (depth > ProtocolFileLimits.MaxYamlDepth)
                        return Refuse(events.Current.Start, ProtocolFile.Codes.NestedTooDeep,
                            $"lists and mappings may nest at most {ProtocolFileLimits.MaxYamlDepth} deep");
                    break;
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
            }
        }
        return true;
    }

    private bool Refuse(Mark at, string code, string message)
    {
        parser.Error((int)at.Line + lineOffset, (int)at.Column, code, message);
        Failed = true;
        return false;
    }

    public void Error(YamlNode node, string code, string message) =>
        parser.Error((int)node.Start.Line + lineOffset, (int)node.Start.Column, code, message);

    public void Record(string path, YamlNode node) => parser.Record(path, (int)node.Start.Line + lineOffset, (int)node.Start.Column);

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    /// <summary>The keys of a mapping, checked against the allowed names; null when it is not a mapping.</summary>
    public Dictionary<string, YamlNode>? Map(YamlNode? node, string path, params string[] allowed)
    {
        if (node is null || IsNull(node)) return [];
        if (node is not YamlMappingNode mapping)
        {
            Error(node, ProtocolFile.Codes.WrongType, $"{Describe(path)} must be a mapping of keys to values");
            return null;
        }
        if (path.Length > 0) Record(path, node);
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value;
            if (key is null || !allowed.Contains(key))
            {
                Error(keyNode, ProtocolFile.Codes.UnknownKey, $"unknown key '{key ?? keyNode.ToString()}'{(path.Length > 0 ? $" in {path}" : "")}; expected one of: {string.Join(", ", allowed)}");
                continue;
            }
            if (!result.TryAdd(key, value))
            {
                Error(keyNode, ProtocolFile.Codes.DuplicateKey, $"duplicate key '{key}'");
                continue;
            }
            Record(Join(path, key), value);
        }
        return result;
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string Describe(string path) => path.Length == 0 ? "the front matter" : $"'{path}'";

    private YamlScalarNode? Scalar(YamlNode node, string path, string what)
    {
        if (node is YamlScalarNode { Value: { } value } nul && value.Contains('\0'))
        {
            // Escaped ("\0") it is valid YAML, but no text of a protocol needs it and databases cannot store it.
            Error(nul, ProtocolFile.Codes.Unprintable, $"{Describe(path)} holds a NUL character (\\0), which a protocol text cannot hold");
            return null;
        }
        if (node is YamlScalarNode scalar) return scalar;
        Error(node, ProtocolFile.Codes.WrongType, $"{Describe(path)} must be {what}");
        return null;
    }

    /// <summary>A text that is never null: an empty value reads as "".</summary>
    public string Text(Dictionary<string, YamlNode> map, string key, string path, string fallback = "")
    {
        if (!map.TryGetValue(key, out var node)) return fallback;
        var scalar = Scalar(node, Join(path, key), "text");
        if (scalar is null) return fallback;
        return IsNull(scalar) && scalar.Value is not null && scalar.Value.Length == 0 ? "" : scalar.Value ?? "";
    }

    /// <summary>A text that may be absent: absent, empty, ~ and null (unquoted) read as null.</summary>
    public string? OptionalText(Dictionary<string, YamlNode> map, string key, string path)
    {
        if (!map.TryGetValue(key, out var node) || IsNull(node)) return null;
        return Scalar(node, Join(path, key), "text")?.Value;
    }

    public bool Require(Dictionary<string, YamlNode> map, string key, string path, YamlNode? at)
    {
        if (map.ContainsKey(key)) return true;
        if (at is not null) Error(at, ProtocolFile.Codes.MissingKey, $"'{Join(path, key)}' is missing");
        return false;
    }

    public int? Int(Dictionary<string, YamlNode> map, string key, string path)
    {
        if (!map.TryGetValue(key, out var node) || IsNull(node)) return null;
        var scalar = Scalar(node, Join(path, key), "a whole number");
        if (scalar is null) return null;
        if (int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return value;
        Error(node, ProtocolFile.Codes.WrongType, $"'{Join(path, key)}' must be a whole number, not '{scalar.Value}'");
        return null;
    }

    public decimal? Decimal(Dictionary<string, YamlNode> map, string key, string path)
    {
        if (!map.TryGetValue(key, out var node) || IsNull(node)) return null;
        var scalar = Scalar(node, Join(path, key), "a number");
        if (scalar is null) return null;
        if (decimal.TryParse(scalar.Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) return value;
        Error(node, ProtocolFile.Codes.WrongType, $"'{Join(path, key)}' must be a number such as 150.00, not '{scalar.Value}'");
        return null;
    }

    public bool? Bool(Dictionary<string, YamlNode> map, string key, string path)
    {
        if (!map.TryGetValue(key, out var node) || IsNull(node)) return null;
        var scalar = Scalar(node, Join(path, key), "true or false");
        if (scalar is null) return null;
        switch (scalar.Value)
        {
            case "true": return true;
            case "false": return false;
            default:
                Error(node, ProtocolFile.Codes.WrongType, $"'{Join(path, key)}' must be true or false, not '{scalar.Value}'");
                return null;
        }
    }

    /// <summary>One of a fixed set of names (an enum written in kebab case).</summary>
    public T? Name<T>(Dictionary<string, YamlNode> map, string key, string path, IReadOnlyDictionary<string, T> names, string code) where T : struct
    {
        if (!map.TryGetValue(key, out var node) || IsNull(node)) return null;
        var scalar = Scalar(node, Join(path, key), $"one of: {string.Join(", ", names.Keys)}");
        if (scalar is null) return null;
        if (names.TryGetValue(scalar.Value ?? "", out var value)) return value;
        Error(node, code, $"unknown {key} '{scalar.Value}' in '{Join(path, key)}'; expected one of: {string.Join(", ", names.Keys)}");
        return null;
    }

    /// <summary>Channels as one name or a list of names.</summary>
    public Channels? ChannelSet(Dictionary<string, YamlNode> map, string key, string path)
    {
        if (!map.TryGetValue(key, out var node) || IsNull(node)) return null;
        IEnumerable<YamlNode> items = node switch
        {
            YamlSequenceNode seq => seq.Children,
            YamlScalarNode => [node],
            _ => [],
        };
        if (node is YamlMappingNode)
        {
            Error(node, ProtocolFile.Codes.WrongType, $"'{Join(path, key)}' must be a channel name or a list of them");
            return null;
        }
        var result = Channels.None;
        foreach (var item in items)
        {
            if (item is not YamlScalarNode s || !ProtocolFile.ChannelNames.TryGetValue(s.Value ?? "", out var channel))
            {
                Error(item, ProtocolFile.Codes.UnknownChannel, $"unknown channel '{(item as YamlScalarNode)?.Value ?? item.ToString()}'; expected one of: {string.Join(", ", ProtocolFile.ChannelNames.Keys)}");
                continue;
            }
            result |= channel;
        }
        return result;
    }

    /// <summary>Flags as one name or a list of names (sub-channels).</summary>
    public T? Flags<T>(Dictionary<string, YamlNode> map, string key, string path, IReadOnlyDictionary<string, T> names) where T : struct, Enum
    {
        if (!map.TryGetValue(key, out var node) || IsNull(node)) return null;
        if (node is YamlMappingNode)
        {
            Error(node, ProtocolFile.Codes.WrongType, $"'{Join(path, key)}' must be a name or a list of names");
            return null;
        }
        IEnumerable<YamlNode> items = node is YamlSequenceNode seq ? seq.Children : [node];
        var bits = 0;
        foreach (var item in items)
        {
            if (item is not YamlScalarNode s || !names.TryGetValue(s.Value ?? "", out var flag))
            {
                Error(item, ProtocolFile.Codes.UnknownName,
                    $"unknown {key} name '{(item as YamlScalarNode)?.Value ?? item.ToString()}' in '{Join(path, key)}'; expected one of: {string.Join(", ", names.Keys)}");
                continue;
            }
            bits |= Convert.ToInt32(flag, CultureInfo.InvariantCulture);
        }
        return (T)Enum.ToObject(typeof(T), bits);
    }

    /// <summary>
    /// The items of a list, each with its path; an absent list is empty. A list longer than <paramref name="max"/> is a
    /// problem at its first item past the limit, and none of its items is read.
    /// </summary>
    public IEnumerable<(YamlNode Node, string Path)> List(Dictionary<string, YamlNode> map, string key, string path, int max = int.MaxValue)
    {
        if (!map.TryGetValue(key, out var node) || IsNull(node)) yield break;
        var listPath = Join(path, key);
        if (node is not YamlSequenceNode seq)
        {
            Error(node, ProtocolFile.Codes.WrongType, $"'{listPath}' must be a list");
            yield break;
        }
        if (seq.Children.Count > max)
        {
            Error(seq.Children[max], ProtocolFile.Codes.TooManyItems, $"'{listPath}' may have at most {max} items; it has {seq.Children.Count}");
            yield break;
        }
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var itemPath = $"{listPath}[{i}]";
            Record(itemPath, seq.Children[i]);
            yield return (seq.Children[i], itemPath);
        }
    }

    public List<string> TextList(Dictionary<string, YamlNode> map, string key, string path, int max = int.MaxValue)
    {
        var result = new List<string>();
        foreach (var (node, itemPath) in List(map, key, path, max))
        {
            if (Scalar(node, itemPath, "text") is { } s) result.Add(s.Value ?? "");
        }
        return result;
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex LocationPrefix();
}
