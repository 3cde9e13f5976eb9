using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

// The ceiling for bench/run.sh: the same host defaults as Pauta (Kestrel, routing, server GC) and nothing else.
//
// GET /page   BUILDS, on every request, an HTML page of exactly `--bytes N` (or BARE_PAGE_BYTES) bytes the way a plain
//             app would: a document with a header and numbered sections (heading, paragraphs, a list, a small table),
//             every text HTML-encoded through a TextWriter into a StringBuilder, then UTF-8 encoded and written with a
//             Content-Length. This is the ceiling issue 13 measures Pauta's pages against.
// GET /static the same size of HTML as a byte array computed once at start-up (the ceiling before issue 13; kept as a
//             second row for continuity with earlier figures).
// GET /healthz answers 200 so the script can wait for it the same way it waits for Pauta.
var builder = WebApplication.CreateBuilder(args);
var bytes = PageBytes(builder.Configuration["bytes"] ?? Environment.GetEnvironmentVariable("BARE_PAGE_BYTES"));
var staticPage = Encoding.UTF8.GetBytes(BarePage.Build(bytes, 0));

var app = builder.Build();
app.MapGet("/healthz", () => "Healthy");
var served = 0L;
app.MapGet("/page", (HttpContext context) =>
{
    // The request number goes into the page, so no two responses are the same string and nothing can be reused.
    var body = Encoding.UTF8.GetBytes(BarePage.Build(bytes, Interlocked.Increment(ref served)));
    var response = context.Response;
    response.ContentType = "text/html; charset=utf-8";
    response.ContentLength = body.Length;
    return response.Body.WriteAsync(body).AsTask();
});
app.MapGet("/static", (HttpContext context) =>
{
    var response = context.Response;
    response.ContentType = "text/html; charset=utf-8";
    response.ContentLength = staticPage.Length;
    return response.Body.WriteAsync(staticPage).AsTask();
});
await app.RunAsync();

static int PageBytes(string? value) =>
    int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 10_000;

/// <summary>
/// A plain app's page: a document with sections built from in-memory data, HTML-encoded as it is written. All text is
/// ASCII (the encoder turns anything else into an entity), so characters equal bytes and the page is padded to the exact size.
/// </summary>
internal static class BarePage
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    private static readonly string[] Titles =
    [
        "Answer & greet", "Identify the customer", "Listen to the reason", "Check the record", "Put on hold <30 s>",
        "Transfer \"warm\"", "Offer an appointment", "Confirm the details", "Close the call", "Write it down",
    ];

    private static readonly string[] Sentences =
    [
        "Pick up before the third ring and say the shop's name & yours.",
        "Ask for the customer's name; write it in the record before going on.",
        "Repeat the reason in your own words so the customer knows you understood it.",
        "If the answer takes longer than 30 s, offer to call back <within the hour>.",
        "Never promise a date the \"service desk\" has not confirmed.",
    ];

    private const string Tail = "</main></body></html>";

    public static string Build(int size, long request)
    {
        var html = new StringBuilder(size + 64);
        using var w = new StringWriter(html, CultureInfo.InvariantCulture);
        w.Write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>");
        Encoder.Encode(w, "Phone service & call handling");
        w.Write("</title></head><body><header><h1>");
        Encoder.Encode(w, "Phone service & call handling");
        w.Write("</h1><p class=\"meta\">Request ");
        w.Write(request.ToString(CultureInfo.InvariantCulture));
        w.Write("</p></header><main>");
        var budget = size - Tail.Length;
        var section = new StringBuilder(1024);
        using var s = new StringWriter(section, CultureInfo.InvariantCulture);
        for (var i = 0; ; i++)
        {
            section.Clear();
            WriteSection(s, i);
            s.Flush();
            if (html.Length + section.Length > budget) break;
            html.Append(section);
        }
        // Pad to the exact size with one last encoded paragraph (or, if even its tags do not fit, plain characters).
        var left = budget - html.Length;
        const string open = "<p>", close = "</p>";
        if (left >= open.Length + close.Length)
        {
            w.Write(open);
            var text = left - open.Length - close.Length;
            for (var i = 0; i < text; i++) w.Write((char)('a' + (i % 26)));
            w.Write(close);
        }
        else
        {
            for (var i = 0; i < left; i++) w.Write(' ');
        }
        w.Write(Tail);
        w.Flush();
        if (html.Length > size) html.Length = size; // a size smaller than the skeleton: cut (never the case in bench/run.sh)
        return html.ToString();
    }

    private static void WriteSection(TextWriter w, int i)
    {
        w.Write("<section id=\"s");
        w.Write(i.ToString(CultureInfo.InvariantCulture));
        w.Write("\"><h2>");
        w.Write((i + 1).ToString(CultureInfo.InvariantCulture));
        w.Write(". ");
        Encoder.Encode(w, Titles[i % Titles.Length]);
        w.Write("</h2><p>");
        Encoder.Encode(w, Sentences[i % Sentences.Length]);
        w.Write(' ');
        Encoder.Encode(w, Sentences[(i + 2) % Sentences.Length]);
        w.Write("</p><ul>");
        for (var j = 0; j < 3; j++)
        {
            w.Write("<li>");
            Encoder.Encode(w, Sentences[(i + j) % Sentences.Length]);
            w.Write("</li>");
        }
        w.Write("</ul><table><tr><th>Channel</th><th>Target</th></tr><tr><td>");
        Encoder.Encode(w, i % 2 == 0 ? "phone" : "e-mail & chat");
        w.Write("</td><td>");
        w.Write(((i % 5) + 1).ToString(CultureInfo.InvariantCulture));
        w.Write(" min</td></tr></table></section>");
    }
}
