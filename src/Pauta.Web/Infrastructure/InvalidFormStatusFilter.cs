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
        if (!executed.ModelState.IsValid) ForgetUnreadableCheckboxes(executed.ModelState, executed.HandlerInstance);
        var response = executed.HttpContext.Response;
        if (executed.Result is PageResult && HttpMethods.IsPost(executed.HttpContext.Request.Method) &&
            !executed.ModelState.IsValid && response.StatusCode == StatusCodes.Status200OK)
            response.StatusCode = StatusCodes.Status422UnprocessableEntity;
    }

    /// <summary>
    /// A checkbox posted with a value that is not a boolean ("RememberMe=abc") keeps its error, but not the value:
    /// re-rendering the page would convert it back to a boolean for the checkbox and throw (a 500 instead of the form).
    /// </summary>
    private static void ForgetUnreadableCheckboxes(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState, object model)
    {
        foreach (var (key, entry) in modelState.ToList())
        {
            if (entry is null || entry.ValidationState != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid || entry.RawValue is null) continue;
            if (TypeAt(model.GetType(), key) is { } type && (Nullable.GetUnderlyingType(type) ?? type) == typeof(bool) && !bool.TryParse(entry.AttemptedValue, out _))
                modelState.SetModelValue(key, rawValue: null, attemptedValue: entry.AttemptedValue);
        }
    }

    /// <summary>The declared type of the property a form key ("Input.Steps[0].Required") binds to, when it can be found.</summary>
    private static Type? TypeAt(Type root, string key)
    {
        var type = root;
        foreach (var raw in key.Split('.'))
        {
            var bracket = raw.IndexOf('[');
            var name = bracket < 0 ? raw : raw[..bracket];
            var property = type.GetProperty(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
            if (property is null) return null;
            type = property.PropertyType;
            if (bracket >= 0)
                type = type.IsArray ? type.GetElementType()! : type.IsGenericType ? type.GetGenericArguments()[^1] : type;
        }
        return type;
    }
}
