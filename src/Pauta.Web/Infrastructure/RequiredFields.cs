using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Metadata;

namespace Pauta.Web.Infrastructure;

/// <summary>
/// JSON <c>null</c> where the API's model says a value must be. System.Text.Json sets such a property to null anyway
/// (<c>{"title": null}</c>, <c>{"steps": [null]}</c>), and the code behind trusts the model's annotations, so one null
/// used to end in a 500. Every /api body is walked once, after binding and before the endpoint runs: each null in a
/// place declared non-nullable answers 400 with a ValidationProblem naming the field as JSON spells it
/// (<c>steps[2].title</c>). Only Pauta's own types are walked into, with their lists and dictionaries.
/// </summary>
public static class RequiredFields
{
    /// <summary>Deeper than any body can be: System.Text.Json refuses more than 64 levels.</summary>
    private const int MaxDepth = 64;

    /// <summary>At most this many fields are named in one answer.</summary>
    private const int MaxReported = 20;

    private sealed record Field(PropertyInfo Property, NullabilityInfo Nullability, string Name);

    private static readonly ConcurrentDictionary<Type, Field[]> Fields = new();

    /// <summary>Refuses an /api request whose body has a null where its model has none.</summary>
    public static RouteGroupBuilder RefuseMissingRequiredFields(this RouteGroupBuilder api) =>
        api.AddEndpointFilter(async (context, next) =>
        {
            var endpoint = context.HttpContext.GetEndpoint();
            var bodyType = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
            var method = endpoint?.Metadata.GetMetadata<MethodInfo>();
            if (bodyType is null || method is null) return await next(context);
            var parameters = method.GetParameters();
            for (var i = 0; i < parameters.Length && i < context.Arguments.Count; i++)
            {
                if (parameters[i].ParameterType != bodyType || context.Arguments[i] is not { } body) continue;
                var missing = Missing(body, new NullabilityInfoContext().Create(parameters[i]));
                if (missing.Count == 0) break;
                var l = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
                return TypedResults.ValidationProblem(
                    missing.ToDictionary(f => f, f => new[] { (string)l["Validation.Required", f] }), title: l["Error.Invalid"]);
            }
            return await next(context);
        });

    /// <summary>The paths of the nulls in <paramref name="value"/> where its declared type says there must be a value.</summary>
    public static IReadOnlyList<string> Missing(object value, NullabilityInfo declared)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(declared);
        var missing = new List<string>();
        Walk(value, declared, "", 0, missing);
        return missing;
    }

    private static void Walk(object value, NullabilityInfo declared, string path, int depth, List<string> missing)
    {
        if (depth > MaxDepth || missing.Count >= MaxReported) return;
        var type = value.GetType();
        if (value is string || type.IsPrimitive || type.IsEnum) return;

        if (value is IDictionary dictionary)
        {
            var valueInfo = declared.GenericTypeArguments.Length == 2 ? declared.GenericTypeArguments[1] : null;
            foreach (DictionaryEntry entry in dictionary)
                Element(entry.Value, valueInfo, $"{Join(path, Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "")}",
                    depth, missing);
            return;
        }
        if (value is IEnumerable list)
        {
            var elementInfo = declared.ElementType ?? (declared.GenericTypeArguments.Length == 1 ? declared.GenericTypeArguments[0] : null);
            var index = 0;
            foreach (var element in list) Element(element, elementInfo, $"{path}[{index++}]", depth, missing);
            return;
        }
        if (type.Namespace?.StartsWith("Pauta.", StringComparison.Ordinal) != true) return;

        foreach (var field in Fields.GetOrAdd(type, Describe))
            Element(field.Property.GetValue(value), field.Nullability, Join(path, field.Name), depth, missing);
    }

    private static void Element(object? value, NullabilityInfo? declared, string path, int depth, List<string> missing)
    {
        if (value is null)
        {
            if (declared?.ReadState == NullabilityState.NotNull && missing.Count < MaxReported) missing.Add(path);
            return;
        }
        if (declared is not null) Walk(value, declared, path, depth + 1, missing);
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static Field[] Describe(Type type)
    {
        var context = new NullabilityInfoContext();
        // What JSON can set: properties with a setter (init included, as records have); computed ones are left alone.
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null && p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<JsonIgnoreAttribute>() is null
                        && (!p.PropertyType.IsValueType || p.PropertyType.Namespace?.StartsWith("Pauta.", StringComparison.Ordinal) == true))
            .Select(p => new Field(p, context.Create(p),
                p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name)))
            .ToArray();
    }
}
