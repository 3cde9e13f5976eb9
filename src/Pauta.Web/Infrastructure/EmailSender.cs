using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace Pauta.Web.Infrastructure;

public sealed class SmtpOptions
{
    public string Host { get; set; } = "";
    public int Port { get; set; } = 25;
    public string From { get; set; } = "pauta@localhost";
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";
    public bool EnableSsl { get; set; }
}

/// <summary>
/// Sends invitation and password-reset links when SMTP is configured. Without it, Pauta shows the
/// link to the admin to copy instead, so a fresh install works with no mail server.
/// </summary>
public sealed class EmailSender(IOptions<SmtpOptions> options, ILogger<EmailSender> log)
{
    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.Host);

    /// <summary>Returns false (and logs) when sending failed, so callers can fall back to showing the link.</summary>
    public async Task<bool> TrySendAsync(string to, string subject, string body, CancellationToken ct)
    {
        if (!IsConfigured) return false;
        var o = options.Value;
        try
        {
            using var client = new SmtpClient(o.Host, o.Port) { EnableSsl = o.EnableSsl };
            if (!string.IsNullOrEmpty(o.UserName)) client.Credentials = new NetworkCredential(o.UserName, o.Password);
            using var message = new MailMessage(o.From, to, subject, body);
            await client.SendMailAsync(message, ct);
            return true;
        }
        catch (Exception e) when (e is SmtpException or InvalidOperationException or FormatException)
        {
            log.LogWarning(e, "Could not send e-mail to {To}", to);
            return false;
        }
    }
}

/// <summary>
/// Mails sent after the answer: the request takes the same time whether or not a mail goes out, so its timing does not
/// tell whether an address has an account. A node that stops loses what it had not sent yet; the person asks again.
/// </summary>
public sealed class MailQueue(EmailSender sender) : BackgroundService
{
    private readonly System.Threading.Channels.Channel<(string To, string Subject, string Body)> _mails =
        System.Threading.Channels.Channel.CreateBounded<(string, string, string)>(
            new System.Threading.Channels.BoundedChannelOptions(1000) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite });

    public void Enqueue(string to, string subject, string body) => _mails.Writer.TryWrite((to, subject, body));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (to, subject, body) in _mails.Reader.ReadAllAsync(stoppingToken))
            await sender.TrySendAsync(to, subject, body, stoppingToken);
    }
}
