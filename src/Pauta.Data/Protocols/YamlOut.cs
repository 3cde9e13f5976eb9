using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Pauta.Data.Protocols;

/// <summary>Writes canonical YAML through YamlDotNet's emitter, so quoting and block scalars are always valid.</summary>
internal sealed partial class YamlOut
{
    private readonly StringWriter _text = new(CultureInfo.InvariantCulture) { NewLine = "\n" };
    private readonly Emitter _emitter;

    public YamlOut()
    {
        _emitter = new Emitter(_text, new EmitterSettings(2, int.MaxValue, false, 1024, false, true, "\n"));
        _emitter.Emit(new StreamStart());
        _emitter.Emit(new DocumentStart(null, null, true));
        _emitter.Emit(new MappingStart(null, null, true, MappingStyle.Block));
    }

    public void BeginMap() => _emitter.Emit(new MappingStart(null, null, true, MappingStyle.Block));

    public void EndMap() => _emitter.Emit(new MappingEnd());

    public void BeginList(bool flow = false) => _emitter.Emit(new SequenceStart(null, null, true, flow ? SequenceStyle.Flow : SequenceStyle.Block));

    public void EndList() => _emitter.Emit(new SequenceEnd());

    /// <summary>A string: multi-line text as a literal block, text that would read as a number, bool or null quoted.</summary>
    public void Text(string? value)
    {
        value ??= "";
        // YAML reads NEL, LS and PS as line breaks outside double quotes, where the emitter escapes them.
        // Characters a file may not hold raw (see ProtocolFile.Unprintable) are escaped, which only double quotes can do.
        var style = value.AsSpan().IndexOfAny('\r', '\u0085', '\u2028') >= 0 || value.Contains('\u2029') || ProtocolFile.Unprintable(value) >= 0
                ? ScalarStyle.DoubleQuoted
            : value.Contains('\n') ? (LiteralIsSafe(value) ? ScalarStyle.Literal : ScalarStyle.DoubleQuoted)
            : value.Length == 0 || NotAString().IsMatch(value) || OddSpace(value[0]) || OddSpace(value[^1]) ? ScalarStyle.DoubleQuoted
            : ScalarStyle.Any;
        _emitter.Emit(new Scalar(null, null, value, style, true, true));
    }

    /// <summary>Whitespace other than the plain space, which the emitter does not always quote at either end of a text.</summary>
    private static bool OddSpace(char c) => c != ' ' && char.IsWhiteSpace(c);

    /// <summary>
    /// Literal blocks take their indentation from the first line, and YamlDotNet's emitter does not always write an
    /// indentation indicator; texts starting with blanks or with whitespace-only lines are double-quoted instead.
    /// </summary>
    private static bool LiteralIsSafe(string value)
    {
        if (value.Length == 0 || char.IsWhiteSpace(value[0])) return false;
        foreach (var line in value.Split('\n'))
        {
            if (line.Length > 0 && (string.IsNullOrWhiteSpace(line) || OddSpace(line[0]))) return false;
        }
        return true;
    }

    /// <summary>A token written as is: a number, a bool, an enum name.</summary>
    public void Token(string value) => _emitter.Emit(new Scalar(null, null, value, ScalarStyle.Plain, true, false));

    public void Key(string name) => Token(name);

    public void Field(string name, string? value) { Key(name); Text(value); }

    public void TokenField(string name, string value) { Key(name); Token(value); }

    public void TextList(string name, IReadOnlyList<string> values, bool flow = false)
    {
        Key(name);
        BeginList(flow);
        foreach (var v in values) Text(v);
        EndList();
    }

    public string Finish()
    {
        _emitter.Emit(new MappingEnd());
        _emitter.Emit(new DocumentEnd(true));
        _emitter.Emit(new StreamEnd());
        return _text.ToString();
    }

    [GeneratedRegex(@"^(~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|0x[0-9a-fA-F_]+|0o?[0-7_]+|[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?|<<|=)$")]
    private static partial Regex NotAString();
}
