using Microsoft.AspNetCore.Mvc.Filters;

namespace Pauta.Web.Infrastructure;

/// <summary>
/// A form that comes back with field errors answers 422, not 200, so scripts, tests and htmx can
/// tell "saved" from "not saved" by the status alone; people still see the same page with the errors.
/// </summary>
public sealed class InvalidFormStatusFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        var response = executed.HttpContext.Response;
        if (executed.Result is PageResult && HttpMethods.IsPost(executed.HttpContext.Request.Method) &&
            !executed.ModelState.IsValid && response.StatusCode == StatusCodes.Status200OK)
            response.StatusCode = StatusCodes.Status422UnprocessableEntity;
    }
}
