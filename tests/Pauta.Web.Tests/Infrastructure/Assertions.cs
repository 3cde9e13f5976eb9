using System.Net;
using System.Net.Http.Json;

namespace Pauta.Web.Tests.Infrastructure;

public static class Assertions
{
    public const string ProblemJson = "application/problem+json";

    /// <summary>The response is a ProblemDetails document with <paramref name="status"/>.</summary>
    public static async Task<ProblemDto> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? because = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        var what = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} {because}: {body}";
        response.StatusCode.ShouldBe(status, what);
        response.Content.Headers.ContentType?.MediaType.ShouldBe(ProblemJson, what);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDto>(Browser.Json))!;
        problem.Status.ShouldBe((int)status, what);
        return problem;
    }

    /// <summary>A 400 validation problem with an error for each of <paramref name="fields"/> (camelCase keys).</summary>
    public static async Task<ProblemDto> ShouldBeValidationProblemAsync(this HttpResponseMessage response, params string[] fields)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Errors.ShouldNotBeNull();
        foreach (var field in fields)
        {
            problem.Errors.ShouldContainKey(field);
            problem.Errors[field].ShouldNotBeEmpty();
            problem.Errors[field].ShouldAllBe(m => !string.IsNullOrWhiteSpace(m));
        }
        return problem;
    }

    public static async Task ShouldHaveStatusAsync(this HttpResponseMessage response, HttpStatusCode status, string? because = null)
    {
        if (response.StatusCode == status) return;
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} {because}: {body[..Math.Min(body.Length, 1500)]}");
    }

    public static void ShouldHaveStatus(this Page page, HttpStatusCode status, string? because = null) =>
        page.Status.ShouldBe(status, $"{page.Response.RequestMessage?.Method} {page.Response.RequestMessage?.RequestUri?.PathAndQuery} {because}: {page}");

    /// <summary>A redirect to <paramref name="path"/> (ignoring the query string).</summary>
    public static void ShouldRedirectTo(this Page page, string path)
    {
        page.ShouldHaveStatus(HttpStatusCode.Redirect);
        LocalPath(page.Location).ShouldBe(path, page.ToString());
    }

    /// <summary>The path of a Location header, whether it is absolute (http://localhost/x?y) or relative (/x?y).</summary>
    public static string LocalPath(string? location)
    {
        location ??= "";
        if (Uri.TryCreate(location, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal))
            return absolute.AbsolutePath;
        var q = location.IndexOf('?');
        return q < 0 ? location : location[..q];
    }
}
