using Pauta.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = Startup.ContentRoot() });
builder.AddPauta();

var app = builder.Build();
app.UsePauta();
await app.PrepareDatabaseAsync();
await app.RunAsync();

/// <summary>Entry point; public so tests can host the real app with WebApplicationFactory.</summary>
public partial class Program;
