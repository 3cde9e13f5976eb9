using System.Globalization;
using System.Text;

// The ceiling for bench/run.sh: the same host defaults as Pauta (Kestrel, routing, server GC), but the
// page is a precomputed byte array. GET /page serves `--bytes N` (or BARE_PAGE_BYTES) bytes of HTML;
// GET /healthz answers 200 so the script can wait for it the same way it waits for Pauta.
var builder = WebApplication.CreateBuilder(args);
var bytes = PageBytes(builder.Configuration["bytes"] ?? Environment.GetEnvironmentVariable("BARE_PAGE_BYTES"));
var page = Page(bytes);

var app = builder.Build();
app.MapGet("/healthz", () => "Healthy");
app.MapGet("/page", (HttpContext context) =>
{
    var response = context.Response;
    response.ContentType = "text/html; charset=utf-8";
    response.ContentLength = page.Length;
    return response.Body.WriteAsync(page).AsTask();
});
await app.RunAsync();

static int PageBytes(string? value) =>
    int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 10_000;

// ASCII HTML of exactly `size` bytes.
static byte[] Page(int size)
{
    const string head = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>bare</title></head><body><p>";
    const string tail = "</p></body></html>";
    var padding = size - head.Length - tail.Length;
    var html = padding >= 0 ? head + new string('x', padding) + tail : new string('x', size);
    return Encoding.ASCII.GetBytes(html);
}
