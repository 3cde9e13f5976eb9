using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.RateLimiting;
using Pauta.Data.Entities;
using Pauta.Web.Features;
using Pauta.Web.Features.Demo;

namespace Pauta.Web.Infrastructure;

/// <summary>Service registration and the request pipeline, kept here so Program.cs reads in five lines.</summary>
public static class Startup
{
    public const string SignInRateLimit = "sign-in";
    public const string LanguageCookie = ".Pauta.Language";

    /// <summary>The largest request body any endpoint reads.</summary>
    public const long MaxRequestBodyBytes = 8 * 1024 * 1024;

    /// <summary>
    /// A published app started from another folder finds its wwwroot beside the dll; otherwise
    /// (dotnet run, test hosts) the default content root stands.
    /// </summary>
    public static string? ContentRoot()
    {
        var cwd = Directory.GetCurrentDirectory();
        if (Directory.Exists(Path.Combine(cwd, "wwwroot"))) return null;
        return Directory.Exists(Path.Combine(AppContext.BaseDirectory, "wwwroot")) ? AppContext.BaseDirectory : null;
    }

    public static void AddPauta(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;

        // Static files come from the build's manifest of web assets (MapStaticAssets below). A published app has the
        // compressed copies beside the originals under wwwroot; a build keeps them under obj/ and lists them in a runtime
        // manifest, which only Development reads by default. Reading it in every environment lets tests and `dotnet run`
        // as Production serve them too (from disk and uncached, as in Development); a published app has no such manifest,
        // so this changes nothing there: it serves the compressed copies with immutable caching.
        builder.WebHost.UseStaticWebAssets();
        // That runtime manifest also brings a development catch-all GET endpoint for files added while running, which would
        // make every unknown POST a 405 (and hide its 404): Pauta's files are all in the manifest, so it is switched off.
        builder.Configuration.AddInMemoryCollection([new("DisableStaticAssetNotFoundRuntimeFallback", "true")]);

        services.AddPautaData(config);
        services.AddSingleton(NodeIdentity.From(config));
        services.AddWorkerLeases(config);
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentMember>();
        Cluster.ClusterChannelSetup.AddClusterChannel(services);

        // Keys live in the database so every stateless node can read every other node's cookies.
        services.AddDataProtection().SetApplicationName("Pauta");
        services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>, DatabaseKeyRepositorySetup>();

        services.AddIdentityCore<User>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireDigit = true;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<PautaDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<LocalizedIdentityErrors>();
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(24));

        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = ".Pauta.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/account/signin";
            o.LogoutPath = "/account/signout";
            o.AccessDeniedPath = "/status/403";
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = ctx => Challenge(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => Challenge(ctx.HttpContext, null, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorization(o => o.AddPermissionPolicies());
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, PermissionHandler>();

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = ".Pauta.Antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        services.AddSingleton<IStringLocalizerFactory, JsonStringLocalizerFactory>();
        services.AddTransient(typeof(IStringLocalizer<>), typeof(StringLocalizer<>));
        services.AddRazorPages(o =>
            {
                o.RootDirectory = "/Features";
                o.Conventions.AuthorizeFolder("/");
                o.Conventions.AllowAnonymousToFolder("/Account");
                o.Conventions.AllowAnonymousToFolder("/Invitations");
                o.Conventions.AllowAnonymousToPage("/Shared/Status");
            })
            .AddMvcOptions(o => o.Filters.Add<InvalidFormStatusFilter>())
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, f) => f.Create(typeof(SharedResource)));
        // Model-binding messages ("'abc' is not a valid date") in the person's language too.
        services.AddOptions<Microsoft.AspNetCore.Mvc.MvcOptions>().Configure<IStringLocalizerFactory>((o, f) =>
        {
            var l = f.Create(typeof(SharedResource));
            var m = o.ModelBindingMessageProvider;
            m.SetAttemptedValueIsInvalidAccessor((v, n) => l["Binding.Invalid", v, n]);
            m.SetNonPropertyAttemptedValueIsInvalidAccessor(v => l["Binding.InvalidValue", v]);
            m.SetUnknownValueIsInvalidAccessor(n => l["Binding.InvalidField", n]);
            m.SetNonPropertyUnknownValueIsInvalidAccessor(() => l["Binding.InvalidAny"]);
            m.SetValueIsInvalidAccessor(v => l["Binding.InvalidValue", v]);
            m.SetValueMustBeANumberAccessor(n => l["Binding.Number", n]);
            m.SetNonPropertyValueMustBeANumberAccessor(() => l["Binding.NumberAny"]);
            m.SetValueMustNotBeNullAccessor(n => l["Validation.Required", n]);
            m.SetMissingBindRequiredValueAccessor(n => l["Validation.Required", n]);
            m.SetMissingKeyOrValueAccessor(() => l["Binding.InvalidAny"]);
            m.SetMissingRequestBodyRequiredValueAccessor(() => l["Binding.InvalidAny"]);
        });
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = JsonStringLocalizerFactory.Languages.Select(l => new CultureInfo(l)).ToList();
            o.DefaultRequestCulture = new RequestCulture("es");
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.RequestCultureProviders =
            [
                new CustomRequestCultureProvider(ctx =>
                {
                    var current = ctx.RequestServices.GetRequiredService<CurrentMember>();
                    var language = current.IsSignedIn ? current.UiLanguage ?? current.OrganisationLanguage : null;
                    return Task.FromResult(language is null ? null : new ProviderCultureResult(language));
                }),
                // Links sent to customers (surveys) carry the customer's language: ?lang=en.
                new QueryStringRequestCultureProvider { QueryStringKey = "lang", UIQueryStringKey = "lang" },
                new CookieRequestCultureProvider { CookieName = LanguageCookie },
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });

        // Sign-in-like POSTs: PermitsPerMinute per client source across all nodes, counted in the database (SharedRateLimit).
        services.AddSingleton(sp => new SharedRateLimit(sp.GetRequiredService<IServiceScopeFactory>(), sp.GetRequiredService<TimeProvider>(),
            config.GetValue("Pauta:SignInRateLimit:PermitsPerMinute", 20)));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignInRateLimit, ctx =>
            {
                if (!HttpMethods.IsPost(ctx.Request.Method)) return RateLimitPartition.GetNoLimiter("get");
                var shared = ctx.RequestServices.GetRequiredService<SharedRateLimit>();
                return RateLimitPartition.Get(SharedRateLimit.SourceOf(ctx.Connection.RemoteIpAddress), source => new SharedWindowLimiter(shared, source));
            });
        });

        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Pauta API";
            doc.Info.Description = "Customer-service protocols, training and guided contacts. Every error is a ProblemDetails.";
            return Task.CompletedTask;
        }));
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        PublicUrl.AddPublicAddress(services, config);
        services.Configure<ApiBehaviorOptions>(_ => { });
        // Request bodies: nothing Pauta takes is near 8 MB (the largest, a protocol upload, is capped at 5 MB by its own
        // endpoint), so neither the server (30 MB by default) nor a form (128 MB of multipart) reads more than that.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = MaxRequestBodyBytes);
        // A body that cannot be read throws (as in Development) so ProblemExceptionHandler names the field, in every environment.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        services.Configure<SmtpOptions>(config.GetSection("Pauta:Smtp"));
        services.AddSingleton<EmailSender>();
        services.AddSingleton<MailQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<MailQueue>());
        services.Configure<DemoOptions>(config.GetSection("Pauta:Demo"));
        services.AddFeatureServices();
    }

    public static void UsePauta(this WebApplication app)
    {
        // Outermost: every response gets the security headers, and nothing leaves with an empty error body.
        app.UseMiddleware<SecurityHeadersMiddleware>();
        var node = app.Services.GetRequiredService<NodeIdentity>();
        if (node.Named)
            app.Use((context, next) =>
            {
                context.Response.Headers[NodeIdentity.Header] = node.Name;
                return next(context);
            });
        app.UseMiddleware<LastResortErrorMiddleware>();
        app.UseForwardedHeaders();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = ProblemExceptionHandler.ErrorPagePath,
            // A tenant-guard violation is answered as the 404 page on purpose.
            AllowStatusCode404Response = true,
        });
        // People get a localised page for an error status; API clients get ProblemDetails.
        app.UseWhen(ctx => !IsApi(ctx.Request), a => a.UseStatusCodePagesWithReExecute("/status/{0}"));
        app.UseWhen(ctx => IsApi(ctx.Request), a => a.UseStatusCodePages());
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseMiddleware<TenantMiddleware>();
        app.UseRequestLocalization();
        app.UseAuthorization();
        app.UseMiddleware<ApiRefusalOrderMiddleware>();

        app.MapHealthChecks("/healthz").AllowAnonymous().DisableRateLimiting();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        // Files under wwwroot as the build fingerprinted and compressed them (gzip and Brotli, chosen by Accept-Encoding;
        // a fingerprinted URL is cached as immutable). They answer straight after routing: no sign-in, membership read or
        // rate limit runs for a file, as with the static-file middleware before.
        app.MapStaticAssets().ShortCircuit();
        // WithStaticAssets lets the pages' tag helpers write each "~/" file as its fingerprinted URL.
        app.MapRazorPages().WithStaticAssets();
        app.MapPautaApi();
    }

    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    /// <summary>The API answers 401/403 with ProblemDetails; pages redirect to sign-in or show the 403 page.</summary>
    private static Task Challenge(HttpContext context, string? redirect, int status)
    {
        if (IsApi(context.Request) || redirect is null)
        {
            context.Response.StatusCode = status;
            if (IsApi(context.Request))
            {
                var l = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
                return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Status = status, Title = status == 401 ? l["Error.Unauthorized"] : l["Error.Forbidden"] },
                }).AsTask();
            }
            return Task.CompletedTask;
        }
        context.Response.Redirect(redirect);
        return Task.CompletedTask;
    }
}
