using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Pauta.Web.Tests.Infrastructure;

/// <summary>
/// A real SMTP peer on 127.0.0.1: it speaks the handful of commands a mail client sends, keeps every
/// message it is given, and decodes the body so tests can read the links Pauta mails.
/// </summary>
public sealed partial class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly List<MailReceived> _messages = [];

    public LoopbackSmtpServer()
    {
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public IReadOnlyList<MailReceived> Messages { get { lock (_messages) return _messages.ToList(); } }

    /// <summary>Waits (bounded) for a message to <paramref name="to"/>; mail is sent while the request is answered, so it is normally already here.</summary>
    /// With <paramref name="subject"/>, only a message with that subject counts: mail is queued and sent after the answer,
    /// so an earlier test's message to the same person may be the last one here when this one is still on its way.
    public async Task<MailReceived> WaitForAsync(string to, string? subject = null)
    {
        for (var i = 0; i < 100; i++)
        {
            var found = Messages.LastOrDefault(m => m.To.Contains(to, StringComparer.OrdinalIgnoreCase)
                && (subject is null || m.Subject == subject));
            if (found is not null) return found;
            await Task.Delay(50);
        }
        throw new TimeoutException($"No mail reached {to}; got: {string.Join(", ", Messages.SelectMany(m => m.To))}");
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 localhost test SMTP");
        var to = new List<string>();
        string? from = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await writer.WriteLineAsync("250-localhost");
                    await writer.WriteLineAsync("250 8BITMIME");
                    break;
                case "HELO":
                    await writer.WriteLineAsync("250 localhost");
                    break;
                case "MAIL":
                    from = Address(line);
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "RCPT":
                    to.Add(Address(line));
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync() is { } dataLine && dataLine != ".")
                        data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                    lock (_messages) _messages.Add(MailReceived.Parse(from ?? "", to.ToList(), data.ToString()));
                    to.Clear();
                    await writer.WriteLineAsync("250 OK queued");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 Bye");
                    return;
                default:
                    await writer.WriteLineAsync("250 OK");
                    break;
            }
        }
    }

    private static string Address(string line) => AddressPattern().Match(line) is { Success: true } m ? m.Groups[1].Value : line;

    [GeneratedRegex("<([^>]*)>")]
    private static partial Regex AddressPattern();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _loop; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}

public sealed partial record MailReceived(string From, IReadOnlyList<string> To, string Subject, string Body)
{
    public static MailReceived Parse(string from, IReadOnlyList<string> to, string raw)
    {
        var split = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = split < 0 ? raw : raw[..split];
        var body = split < 0 ? "" : raw[(split + 4)..];
        var encoding = HeaderPattern("Content-Transfer-Encoding").Match(headers).Groups[1].Value.Trim().ToLowerInvariant();
        body = encoding switch
        {
            "base64" => Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Split("\r\n")))),
            "quoted-printable" => DecodeQuotedPrintable(body),
            _ => body,
        };
        var subject = HeaderPattern("Subject").Match(headers).Groups[1].Value.Trim();
        return new MailReceived(from, to, DecodeEncodedWords(subject), body);
    }

    // A header may be folded over several lines (a long subject is); "." would swallow the \r and stop at the first line.
    private static Regex HeaderPattern(string name) => new($"^{name}:([^\\r\\n]*(?:\\r\\n[ \\t][^\\r\\n]*)*)", RegexOptions.Multiline | RegexOptions.IgnoreCase);

    private static string DecodeQuotedPrintable(string text)
    {
        var bytes = new List<byte>();
        var joined = text.Replace("=\r\n", "");
        for (var i = 0; i < joined.Length; i++)
        {
            if (joined[i] == '=' && i + 2 < joined.Length && Uri.IsHexDigit(joined[i + 1]) && Uri.IsHexDigit(joined[i + 2]))
            {
                bytes.Add(Convert.ToByte(joined.Substring(i + 1, 2), 16));
                i += 2;
            }
            else bytes.AddRange(Encoding.UTF8.GetBytes(joined[i].ToString()));
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>RFC 2047 words such as =?utf-8?B?...?= in the subject.</summary>
    private static string DecodeEncodedWords(string text) => EncodedWord().Replace(text.Replace("\r\n", ""), m =>
        m.Groups[2].Value.Equals("B", StringComparison.OrdinalIgnoreCase)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups[3].Value))
            : DecodeQuotedPrintable(m.Groups[3].Value.Replace('_', ' ')));

    [GeneratedRegex(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*")]
    private static partial Regex EncodedWord();
}
