using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Pauta.Data;

/// <summary>
/// A compiled EF query (<c>EF.CompileAsyncQuery</c>) kept once per model: a compiled query keeps the plan of the first
/// model it ran with, and one process can host both providers' models (the tests do). For the reads every request makes,
/// compiling once saves the per-call expression-tree work (parameter extraction and the query-cache lookup).
/// </summary>
public sealed class PerModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> compiled = new();

    /// <summary>The query compiled for this context's model.</summary>
    public TQuery For(DbContext db) => compiled.GetValue(db.Model, _ => compile());
}
