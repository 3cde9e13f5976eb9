using Pauta.Core.Training;
using Pauta.Data.Entities;

namespace Pauta.Web.Features.Training;

/// <summary>The organisation's training settings as <c>/settings</c> shows them.</summary>
public sealed record GateSettings(GateMode Gate, int RetrainDueDays, int Version);

/// <summary>
/// The organisation-wide training gate (off / warn / block; a course may set its own) and the days people get to retrain after
/// a major version (1–365). Saved with the organisation's version, so two admins saving at once get a conflict, not a mix.
/// </summary>
public sealed class GateSettingsService(PautaDbContext db, CurrentMember current)
{
    public const int MinRetrainDays = 1;
    public const int MaxRetrainDays = TrainingLimits.MaxDueInDays;

    public async Task<GateSettings> GetAsync(CancellationToken ct) =>
        await db.Organisations.AsNoTracking().Select(o => new GateSettings(o.TrainingGate, o.RetrainDueDays, o.Version)).SingleAsync(ct);

    public async Task<Outcome<GateSettings>> SetAsync(GateMode? gate, int? retrainDueDays, int version, CancellationToken ct)
    {
        if (!current.Can(Permission.ManageOrganisation)) return Outcome<GateSettings>.Forbidden();
        var problems = new List<Problem>();
        if (gate is not { } g || !Enum.IsDefined(g)) problems.Add(new Problem("trainingGate", "Field.Required"));
        if (retrainDueDays is not { } days) problems.Add(new Problem("retrainDueDays", "Field.Required"));
        else if (days is < MinRetrainDays or > MaxRetrainDays) problems.Add(new Problem("retrainDueDays", "Training.Gate.RetrainDaysRange", MinRetrainDays, MaxRetrainDays));
        if (problems.Count > 0) return Outcome<GateSettings>.Invalid(problems);

        var o = await db.Organisations.SingleAsync(ct);
        if (o.Version != version) return Outcome<GateSettings>.Conflict();
        var before = $"gate {o.TrainingGate}, retrain {o.RetrainDueDays} days";
        o.TrainingGate = gate!.Value;
        o.RetrainDueDays = retrainDueDays!.Value;
        db.Entry(o).Property(x => x.Version).OriginalValue = version;
        db.Audit(current.UserId, "training.settings.updated", nameof(Organisation), o.Id, before);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return Outcome<GateSettings>.Conflict(); }
        return Outcome<GateSettings>.Ok(await GetAsync(ct));
    }
}
