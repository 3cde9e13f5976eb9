using System.Security.Cryptography;
using Microsoft.Extensions.Caching.Memory;
using Pauta.Core.Contacts;
using Pauta.Core.Protocols;
using Pauta.Core.ServiceLevels;
using Pauta.Data.Contacts;
using Pauta.Data.Entities;
using Pauta.Web.Features.Board;
using Contact = Pauta.Data.Entities.Contact;
using ContactEvent = Pauta.Core.Contacts.ContactEvent;
using ContactOutcome = Pauta.Core.Contacts.ContactOutcome;

namespace Pauta.Web.Features.Contacts;

/// <summary>
/// A contact followed live, for the pages, the API and the breach worker alike: start it on the chosen protocol's
/// current version, decide each action with <see cref="GuidedRun"/>, append what it records durably (one row per
/// action, with the contact's projection, through <see cref="IContactEventWriter"/>), then tell the live board.
/// </summary>
/// <remarks>
/// Who may see a contact: its agent, whoever handles it now, and those who may see the board. Anyone else gets
/// "not found", as for another organisation's contact. Taking over and returning with guidance need the board.
/// States are immutable and cached by (contact, version), so an action replays nothing when the previous one was
/// served by this node.
/// </remarks>
public sealed class ContactRunService(
    PautaDbContext db, CurrentMember current, TimeProvider time, IMemoryCache cache, IContactEventWriter writer,
    Protocols.PublishedProtocols published, BoardNotifier board, Training.TrainingGateService gate, ILogger<ContactRunService> log)
{
    private static readonly TimeSpan StateCacheLife = TimeSpan.FromMinutes(10);

    // ---------------------------------------------------------------- reading

    public async Task<Outcome<ContactRun>> GetAsync(Guid id, CancellationToken ct)
    {
        var row = await RowAsync(id, ct);
        if (row is null || !MaySee(row)) return Outcome<ContactRun>.NotFound();
        return Outcome<ContactRun>.Ok(await RunOfAsync(row, ct));
    }

    /// <summary>
    /// The contact row by id, through the tenant filter: the one read every action starts with, so compiled once per
    /// model (no expression-tree work per request; one per model as the tests host both providers in one process).
    /// </summary>
    private Task<Contact?> RowAsync(Guid id, CancellationToken ct) => RowQuery.For(db)(db, id, ct);

    private static readonly PerModel<Func<PautaDbContext, Guid, CancellationToken, Task<Contact?>>> RowQuery = new(() =>
        EF.CompileAsyncQuery((PautaDbContext db, Guid id, CancellationToken ct) => db.Contacts.AsNoTracking().SingleOrDefault(c => c.Id == id)));

    /// <summary>
    /// What an action or a start ends with, before it is turned into an answer: the contact row as it now stands and,
    /// when this node decided it, the state and clocks it decided (so the full answer replays nothing). Turned into the
    /// whole contact (<see cref="ViewOfAsync"/>) or only into its new version (<c>Prefer: return=minimal</c>), which
    /// reads nothing more.
    /// </summary>
    private sealed record Acted(Contact Row, ContactState? State = null, ContactClockStates? Clocks = null, string? Title = null);

    private async Task<ContactRun> ViewOfAsync(Acted a, CancellationToken ct) =>
        a.State is { } state ? await ViewAsync(a.Row, state, a.Clocks!, a.Title!, ct) : await RunOfAsync(a.Row, ct);

    private async Task<Outcome<ContactRun>> ViewOfAsync(Outcome<Acted> acted, CancellationToken ct) =>
        acted.Succeeded ? Outcome<ContactRun>.Ok(await ViewOfAsync(acted.Value!, ct)) : Fail<ContactRun, Acted>(acted);

    private static Outcome<int> VersionOf(Outcome<Acted> acted) =>
        acted.Succeeded ? Outcome<int>.Ok(acted.Value!.Row.LastSequence) : Fail<int, Acted>(acted);

    private static Outcome<T> Fail<T, TFrom>(Outcome<TFrom> failed) => new(default, failed.Failure, failed.Problems);

    /// <summary>The contact as stored now, for a retry or a duplicate: read again, visible to this person or not found.</summary>
    private async Task<Outcome<Acted>> StoredAsync(Guid id, CancellationToken ct)
    {
        var row = await RowAsync(id, ct);
        return row is null || !MaySee(row) ? Outcome<Acted>.NotFound() : Outcome<Acted>.Ok(new Acted(row));
    }

    /// <summary>The contact as it was after its first <paramref name="upTo"/> stored actions: the replay an auditor steps through.</summary>
    public async Task<Outcome<ContactRun>> GetAtAsync(Guid id, int upTo, CancellationToken ct)
    {
        var row = await db.Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (row is null || !MaySee(row)) return Outcome<ContactRun>.NotFound();
        if (upTo < 1 || upTo > row.LastSequence) return Outcome<ContactRun>.Invalid("at", "Contact.NoSuchPoint", row.LastSequence);
        var protocol = await published.VersionAsync(row.ProtocolId, row.ProtocolVersion, ct);
        var events = await EventsAsync(row.Id, upTo, ct);
        var state = GuidedRun.Replay(protocol.Protocol, events);
        var at = state.LastEventAt ?? time.GetUtcNow();
        var clocks = ContactClocks.At(state, await CalendarsAsync(row.OrganisationId, row.SiteId, ct), at);
        return Outcome<ContactRun>.Ok(await ViewAsync(row, state, clocks, protocol.Title, ct));
    }

    /// <summary>The stored actions of a contact, in order, for the API and audit.</summary>
    public async Task<Outcome<IReadOnlyList<StoredAction>>> ActionsAsync(Guid id, CancellationToken ct)
    {
        var row = await db.Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (row is null || !MaySee(row)) return Outcome<IReadOnlyList<StoredAction>>.NotFound();
        var list = await db.ContactEvents.AsNoTracking().Where(e => e.ContactId == id).OrderBy(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Id, e.Type, e.At, e.ActorUserId, e.Data, e.RecordedAt }).ToListAsync(ct);
        return Outcome<IReadOnlyList<StoredAction>>.Ok(list
            .Select(e => new StoredAction(e.Sequence, e.Id, e.Type, e.At, e.ActorUserId, System.Text.Json.JsonDocument.Parse(e.Data).RootElement.Clone(), e.RecordedAt))
            .ToList());
    }

    private bool MaySee(Contact row) =>
        current.Can(Permission.HandleContacts) &&
        (row.AgentUserId == current.UserId || row.HandlerUserId == current.UserId || current.Can(Permission.ViewAllContacts));

    private async Task<ContactRun> RunOfAsync(Contact row, CancellationToken ct)
    {
        var protocol = await published.VersionAsync(row.ProtocolId, row.ProtocolVersion, ct);
        var state = await StateAsync(row, protocol.Protocol, ct);
        var clocks = ContactClocks.At(state, await CalendarsAsync(row.OrganisationId, row.SiteId, ct), Later(time.GetUtcNow(), state));
        return await ViewAsync(row, state, clocks, protocol.Title, ct);
    }

    private async Task<ContactState> StateAsync(Contact row, Protocol protocol, CancellationToken ct)
    {
        var key = StateKey(row.OrganisationId, row.Id, row.LastSequence);
        if (cache.TryGetValue(key, out ContactState? cached) && cached is not null) return cached;
        var state = GuidedRun.Replay(protocol, await EventsAsync(row.Id, row.LastSequence, ct));
        cache.Set(key, state, StateCacheLife);
        return state;
    }

    /// <summary>
    /// The states of many contacts at once (the live board): from the cache, and the rest replayed from one query for
    /// all their events. Keyed by contact id.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, ContactState>> StatesAsync(IReadOnlyList<Contact> rows, CancellationToken ct)
    {
        var states = new Dictionary<Guid, ContactState>(rows.Count);
        var missing = new List<Contact>();
        foreach (var row in rows)
        {
            if (cache.TryGetValue(StateKey(row.OrganisationId, row.Id, row.LastSequence), out ContactState? cached) && cached is not null)
                states[row.Id] = cached;
            else missing.Add(row);
        }
        if (missing.Count == 0) return states;
        var ids = missing.Select(r => r.Id).ToList();
        var stored = (await db.ContactEvents.AsNoTracking().Where(e => ids.Contains(e.ContactId))
                .Select(e => new { e.ContactId, e.Sequence, e.Data }).ToListAsync(ct))
            .ToLookup(e => e.ContactId);
        var protocols = await published.VersionsAsync(missing.Select(r => (r.ProtocolId, r.ProtocolVersion)).ToList(), ct);
        foreach (var row in missing)
        {
            var protocol = protocols[(row.ProtocolId, row.ProtocolVersion)];
            var events = stored[row.Id].Where(e => e.Sequence <= row.LastSequence).OrderBy(e => e.Sequence).SelectMany(e => ContactEventJson.Read(e.Data));
            var state = GuidedRun.Replay(protocol.Protocol, events);
            cache.Set(StateKey(row.OrganisationId, row.Id, row.LastSequence), state, StateCacheLife);
            states[row.Id] = state;
        }
        return states;
    }

    internal static (string, Guid, Guid, int) StateKey(Guid organisation, Guid contact, int sequence) => ("contact-state", organisation, contact, sequence);

    private async Task<IReadOnlyList<ContactEvent>> EventsAsync(Guid contactId, int upTo, CancellationToken ct)
    {
        var data = await db.ContactEvents.AsNoTracking().Where(e => e.ContactId == contactId && e.Sequence <= upTo)
            .OrderBy(e => e.Sequence).Select(e => e.Data).ToListAsync(ct);
        return data.SelectMany(ContactEventJson.Read).ToList();
    }

    private async Task<ContactRun> ViewAsync(Contact row, ContactState state, ContactClockStates clocks, string title, CancellationToken ct)
    {
        var actors = state.Timeline.Select(t => t.ActorUserId).Append(row.AgentUserId).Append(row.HandlerUserId).Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => actors.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var customer = row.CustomerId is { } cid
            ? await db.Customers.AsNoTracking().Where(c => c.Id == cid).Select(c => c.Name).SingleOrDefaultAsync(ct)
            : null;
        var (brand, zone) = await OrganisationCalendar.ProfileAsync(db, cache, row.OrganisationId, ct);
        var local = TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone);
        var values = new ScriptValues
        {
            Company = brand,
            Agent = people.GetValueOrDefault(state.HandlerUserId),
            // An erased customer has no name to greet them by.
            Customer = string.IsNullOrEmpty(customer) ? null : customer,
            Date = DateOnly.FromDateTime(local.DateTime),
            Time = TimeOnly.FromDateTime(local.DateTime),
            Department = state.Protocol.Department,
            Protocol = state.Protocol.Title,
            Fields = state.Fields,
        };
        values = await ScriptContext.AddAsync(values, db, cache, row.OrganisationId, row.SiteId,
            string.IsNullOrWhiteSpace(state.CustomerLanguage) ? state.Protocol.Language : state.CustomerLanguage, ct);
        var calendars = await CalendarsAsync(row.OrganisationId, row.SiteId, ct);
        return new ContactRun(row, state, clocks, values, title, customer, people, calendars.Site) { Calendars = calendars };
    }

    private static DateTimeOffset Later(DateTimeOffset now, ContactState state) =>
        state.LastEventAt is { } last && last > now ? last : now;

    // ---------------------------------------------------------------- starting

    /// <summary>Starts a contact on the current published version of the chosen protocol; a retried start returns the same contact.</summary>
    private const int MaxCustomerName = 200;

    private static IEnumerable<Problem> LengthProblems(StartContactInput input)
    {
        if (RunLimits.IsTooLong(input.Reason, RunLimits.MaxReasonLength)) yield return new Problem("reason", "Field.TooLong", RunLimits.MaxReasonLength);
        if (RunLimits.IsTooLong(input.CustomerName, MaxCustomerName)) yield return new Problem("customerName", "Field.TooLong", MaxCustomerName);
    }

    public async Task<Outcome<ContactRun>> StartAsync(StartContactInput input, CancellationToken ct) =>
        await ViewOfAsync(await StartCoreAsync(input, ct), ct);

    /// <summary>Starts a contact as <see cref="StartAsync"/> does, answering only its id and version (<c>Prefer: return=minimal</c>).</summary>
    public async Task<Outcome<(Guid Id, int Version)>> StartForVersionAsync(StartContactInput input, CancellationToken ct)
    {
        var acted = await StartCoreAsync(input, ct);
        return acted.Succeeded ? Outcome<(Guid, int)>.Ok((acted.Value!.Row.Id, acted.Value.Row.LastSequence)) : Fail<(Guid, int), Acted>(acted);
    }

    private async Task<Outcome<Acted>> StartCoreAsync(StartContactInput input, CancellationToken ct)
    {
        if (!current.Can(Permission.HandleContacts)) return Outcome<Acted>.Forbidden();
        // Limits before any work: an over-long reason or name is refused before a lookup (or a suggestion) runs.
        if (RunLimits.IsTooLong(input.Reason, RunLimits.MaxReasonLength) || RunLimits.IsTooLong(input.CustomerName, MaxCustomerName))
            return Outcome<Acted>.Invalid(LengthProblems(input));
        var id = input.Id is { } given && given != Guid.Empty ? given : Guid.CreateVersion7(time.GetUtcNow());

        // A retry of a start that was stored: the same contact, nothing written twice.
        var existing = await RowAsync(id, ct);
        if (existing is not null)
            return existing.AgentUserId == current.UserId ? Outcome<Acted>.Ok(new Acted(existing)) : Outcome<Acted>.Conflict();

        var problems = new List<Problem>();
        if (input.ProtocolId is null) problems.Add(new Problem("protocolId", "Field.Required"));
        var protocol = input.ProtocolId is { } pid ? await published.CurrentAsync(pid, ct) : null;
        if (input.ProtocolId is not null && protocol is null) problems.Add(new Problem("protocolId", "Contact.ProtocolUnknown"));
        if (input.CustomerLanguage is { Length: > 0 } lang && lang is not ("es" or "en"))
            problems.Add(new Problem("customerLanguage", "Field.UnknownLanguage", lang));

        Customer? customer = null;
        if (input.CustomerId is { } customerId)
        {
            customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == customerId, ct);
            if (customer is null) problems.Add(new Problem("customerId", "Contact.CustomerUnknown"));
            else if (Customers.CustomerErasure.IsErased(customer.Name)) problems.Add(new Problem("customerId", "Contact.CustomerErased"));
        }
        if (input.SiteId is { } siteId && !await db.Sites.AnyAsync(s => s.Id == siteId && !s.IsArchived, ct))
            problems.Add(new Problem("siteId", "Contact.SiteUnknown"));
        if (problems.Count > 0) return Outcome<Acted>.Invalid(problems);

        var organisationLanguage = await db.Organisations.Select(o => o.Language).SingleAsync(ct);
        var language = customer?.Language is "es" or "en" ? customer.Language
            : input.CustomerLanguage is "es" or "en" ? input.CustomerLanguage : organisationLanguage;
        var now = time.GetUtcNow();
        var calendars = await CalendarsAsync(current.OrganisationId, input.SiteId, ct);
        var decision = GuidedRun.Decide(GuidedRun.New(protocol!.Protocol),
            new ContactCommand.Start(now, current.UserId, input.Channel, input.Reason ?? "", language,
                input.SubChannel ?? SubChannels.None, input.ReceivedAt, input.ReceivedReason), calendars);
        if (!decision.IsAccepted) return Outcome<Acted>.Invalid(decision.Problems);

        // The training gate, once the start is valid and before anything is written: a refused start leaves no customer,
        // contact or event behind.
        var (refused, claimed) = await PassGateAsync(protocol.ProtocolId, id, ct);
        if (refused is not null) return refused;

        // A new customer is recorded under the contact's id, so a retried start finds it instead of adding another.
        if (customer is null && !string.IsNullOrWhiteSpace(input.CustomerName))
        {
            customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
            if (customer is null)
            {
                customer = new Customer
                {
                    Id = id, Name = input.CustomerName.Trim(), Language = input.CustomerLanguage is "es" or "en" ? input.CustomerLanguage : null,
                    CreatedAt = now.UtcDateTime,
                };
                db.Customers.Add(customer);
                await db.SaveChangesAsync(ct);
            }
        }

        var clocks = ContactClocks.At(decision.State, calendars, now);
        var projection = ContactProjections.Of(decision.State, clocks);
        var row = new Contact
        {
            OrganisationId = current.OrganisationId,
            Id = id,
            Channel = input.Channel,
            CustomerId = customer?.Id,
            Reason = decision.State.Reason,
            ProtocolId = protocol.ProtocolId,
            ProtocolVersion = protocol.Number,
            AgentUserId = current.UserId,
            HandlerUserId = current.UserId,
            StartedAt = now.UtcDateTime,
            ReceivedAt = decision.State.ReceivedAt?.UtcDateTime,
            SiteId = input.SiteId,
            SubChannel = decision.State.SubChannel,
            Status = ContactStatus.Open,
            UpdatedAt = now.UtcDateTime,
        };
        var result = await writer.AppendAsync(Append(row, id, 0, decision.Events, projection, now) with { NewContact = row }, ct);
        if (result.Status == AppendStatus.Conflict) return await Released(claimed, id, Outcome<Acted>.Conflict(), ct);
        // A start racing its own retry: the first one stored it; answer with the contact as stored.
        if (result.Status == AppendStatus.Duplicate) return await StoredAsync(id, ct);

        var started = Updated(row, projection, result.Sequence, now);
        cache.Set(StateKey(row.OrganisationId, id, result.Sequence), decision.State, StateCacheLife);
        await NotifyAsync(row.OrganisationId, id, ct);
        return Outcome<Acted>.Ok(new Acted(started, decision.State, clocks, protocol.Title));
    }

    // ---------------------------------------------------------------- acting

    /// <summary>Decides one action and appends what it records; a retried action returns the contact as it is.</summary>
    public async Task<Outcome<ContactRun>> ActAsync(Guid id, ContactActionInput input, CancellationToken ct) =>
        await ViewOfAsync(await ActCoreAsync(id, input, ct), ct);

    /// <summary>
    /// Decides and appends one action as <see cref="ActAsync"/> does, answering only the contact's new version
    /// (<c>Prefer: return=minimal</c>): no names, customer or scripts are read and nothing is serialised but the number.
    /// </summary>
    public async Task<Outcome<int>> ActForVersionAsync(Guid id, ContactActionInput input, CancellationToken ct) =>
        VersionOf(await ActCoreAsync(id, input, ct));

    private async Task<Outcome<Acted>> ActCoreAsync(Guid id, ContactActionInput input, CancellationToken ct)
    {
        if (!current.Can(Permission.HandleContacts)) return Outcome<Acted>.Forbidden();
        var row = await RowAsync(id, ct);
        if (row is null || !MaySee(row)) return Outcome<Acted>.NotFound();
        if (input.ActionId == Guid.Empty) return Outcome<Acted>.Invalid("actionId", "Field.Required");

        // A retry of an action already stored answers with the contact, whatever its version now. A retry carries the
        // version its first attempt saw, which the contact has moved past once that attempt was stored: so the action id is
        // looked up first only when the version is not the current one. With the current version (every first attempt)
        // the writer finds a stored action id itself and answers Duplicate; a refusal looks it up before it answers.
        Task<Outcome<Acted>?> RetryAsync() => RetryOfStoredAsync(row, input.ActionId, ct);
        if (input.Version != row.LastSequence && await RetryAsync() is { } retried) return retried;

        if (input.Kind is ContactActionKind.TakeOver or ContactActionKind.Return && !current.Can(Permission.ViewBoard))
            return await RetryAsync() ?? Outcome<Acted>.Forbidden();
        if (input.Kind != ContactActionKind.TakeOver || row.HandlerUserId == current.UserId)
            return await DecideAndAppendAsync(row, input.ActionId, input.Version, now => input.ToCommand(now, current.UserId), ct, RetryAsync);

        // Taking over is handling the contact: the same training gate as starting one. A retried take-over is answered as before.
        if (input.Version != row.LastSequence) return await RetryAsync() ?? Stale();
        var (refused, claimed) = await PassGateAsync(row.ProtocolId, row.Id, ct);
        if (refused is not null) return await RetryAsync() ?? refused;
        var taken = await DecideAndAppendAsync(row, input.ActionId, input.Version, now => input.ToCommand(now, current.UserId), ct, RetryAsync);
        return taken.Succeeded ? taken : await Released(claimed, row.Id, taken, ct);
    }

    // ---------------------------------------------------------------- the training gate

    /// <summary>
    /// The one training-gate check of starting and taking over (<see cref="Training.TrainingGateService"/>): refused when
    /// the gate blocks this person on the protocol; when a supervisor's override lets them, the override is used for
    /// <paramref name="contactId"/> here (a conditional update, so a second start racing for it looks again and is refused).
    /// </summary>
    private async Task<(Outcome<Acted>? Refused, Guid? Claimed)> PassGateAsync(Guid protocolId, Guid contactId, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            switch (await gate.DecideAsync(current.MemberId, protocolId, ct))
            {
                case Core.Training.GateDecision.Blocked blocked:
                    return (GateRefusal(blocked.Version), null);
                case Core.Training.GateDecision.AllowedByOverride allowed:
                    if (await gate.ClaimAsync(allowed.OverrideId, contactId, ct)) return (null, allowed.OverrideId);
                    break; // another start used it first: look again.
                default:
                    return (null, null);
            }
        }
        var decision = await gate.DecideAsync(current.MemberId, protocolId, ct);
        return (GateRefusal(decision is Core.Training.GateDecision.Blocked b ? b.Version : 0), null);
    }

    private static Outcome<Acted> GateRefusal(int version) =>
        new(default, Failure.Forbidden, [new Problem("protocolId", Core.Training.TrainingGate.BlockedCode, version)]);

    /// <summary>When the contact an override was used for was not stored after all, the override is given back.</summary>
    private async Task<Outcome<Acted>> Released(Guid? claimed, Guid contactId, Outcome<Acted> outcome, CancellationToken ct)
    {
        if (claimed is { } o) await gate.ReleaseAsync(o, contactId, ct);
        return outcome;
    }

    /// <summary>The answer to a retry when the action id is stored already: the contact as it is, or a conflict when it is another contact's.</summary>
    private async Task<Outcome<Acted>?> RetryOfStoredAsync(Contact row, Guid actionId, CancellationToken ct)
    {
        var stored = await db.ContactEvents.AsNoTracking().Where(e => e.Id == actionId).Select(e => (Guid?)e.ContactId).SingleOrDefaultAsync(ct);
        if (stored is null) return null;
        return stored == row.Id ? Outcome<Acted>.Ok(new Acted(row)) : Outcome<Acted>.Conflict();
    }

    /// <summary>
    /// Records the warnings and breaches due now on one contact, as the server (see <see cref="BreachWorker"/>): warnings
    /// first, since each was reached before its clock ran out. The action ids are derived from the contact, the clock
    /// (and the warning), so two nodes finding the same one store it once. Answers how many were recorded.
    /// </summary>
    public async Task<int> RecordBreachesAsync(Guid id, CancellationToken ct)
    {
        var warned = await RecordWarningsAsync(id, ct);
        return warned + await RecordDueBreachesAsync(id, ct);
    }

    private async Task<int> RecordWarningsAsync(Guid id, CancellationToken ct)
    {
        var row = await RowAsync(id, ct) is { Status: ContactStatus.Open } open ? open : null;
        if (row is null) return 0;
        var protocol = await published.VersionAsync(row.ProtocolId, row.ProtocolVersion, ct);
        var state = await StateAsync(row, protocol.Protocol, ct);
        var now = Later(time.GetUtcNow(), state);
        var due = ContactClocks.At(state, await CalendarsAsync(row.OrganisationId, row.SiteId, ct), now).WarningsDue(now);
        var recorded = 0;
        foreach (var (clock, index) in due)
        {
            var outcome = await DecideAndAppendAsync(row, WarningActionId(row.Id, clock, index), row.LastSequence,
                at => (new ContactCommand.RecordWarning(at, ContactActors.System, clock, index), null), ct);
            if (!outcome.Succeeded) break;
            row = outcome.Value!.Row;
            recorded++;
        }
        return recorded;
    }

    public static Guid WarningActionId(Guid contactId, ContactClock clock, int index)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"warning:{contactId:N}:{clock}:{index}"), hash);
        return new Guid(hash[..16]);
    }

    private async Task<int> RecordDueBreachesAsync(Guid id, CancellationToken ct)
    {
        var row = await RowAsync(id, ct) is { Status: ContactStatus.Open } open ? open : null;
        if (row is null) return 0;
        var protocol = await published.VersionAsync(row.ProtocolId, row.ProtocolVersion, ct);
        var state = await StateAsync(row, protocol.Protocol, ct);
        var now = Later(time.GetUtcNow(), state);
        var due = ContactClocks.At(state, await CalendarsAsync(row.OrganisationId, row.SiteId, ct), now).BreachesDue(now);
        var recorded = 0;
        foreach (var clock in due)
        {
            var outcome = await DecideAndAppendAsync(row, BreachActionId(row.Id, clock), row.LastSequence,
                at => (new ContactCommand.RecordBreach(at, ContactActors.System, clock), null), ct);
            if (!outcome.Succeeded) break;
            row = outcome.Value!.Row;
            recorded++;
        }
        return recorded;
    }

    public static Guid BreachActionId(Guid contactId, ContactClock clock)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"breach:{contactId:N}:{clock}"), hash);
        return new Guid(hash[..16]);
    }

    /// <param name="retry">
    /// For an action whose stored id was not looked up first: the answer to a retry, if it is one, asked before any
    /// refusal or no-op so that a retry is answered as it was before (the writer answers Duplicate for the rest).
    /// </param>
    private async Task<Outcome<Acted>> DecideAndAppendAsync(
        Contact row, Guid actionId, int version, Func<DateTimeOffset, (ContactCommand? Command, Problem? Problem)> command, CancellationToken ct,
        Func<Task<Outcome<Acted>?>>? retry = null)
    {
        if (version != row.LastSequence) return Stale();
        var protocol = await published.VersionAsync(row.ProtocolId, row.ProtocolVersion, ct);
        var state = await StateAsync(row, protocol.Protocol, ct);
        var now = time.GetUtcNow();
        var (asked, problem) = command(now);
        if (problem is not null) return await RetryOr(retry, Outcome<Acted>.Invalid([problem]));
        var calendar = await CalendarsAsync(row.OrganisationId, row.SiteId, ct);
        var decision = GuidedRun.Decide(state, asked!, calendar);
        if (!decision.IsAccepted) return await RetryOr(retry, Outcome<Acted>.Invalid(decision.Problems));
        if (decision.Events.Count == 0)
            return (retry is null ? null : await retry()) ??
                Outcome<Acted>.Ok(new Acted(row, state, ContactClocks.At(state, calendar, Later(now, state)), protocol.Title));

        var clocks = ContactClocks.At(decision.State, calendar, Later(now, decision.State));
        var projection = ContactProjections.Of(decision.State, clocks);
        var result = await writer.AppendAsync(Append(row, actionId, row.LastSequence, decision.Events, projection, now), ct);
        switch (result.Status)
        {
            case AppendStatus.Conflict:
                return Stale();
            case AppendStatus.Duplicate:
                return result.ContactId == row.Id ? await StoredAsync(row.Id, ct) : Outcome<Acted>.Conflict();
        }

        var updated = Updated(row, projection, result.Sequence, now);
        cache.Set(StateKey(row.OrganisationId, row.Id, result.Sequence), decision.State, StateCacheLife);
        if (decision.State.IsClosed) await AfterCloseAsync(updated, decision.State, actionId, ct);
        await NotifyAsync(row.OrganisationId, row.Id, ct);
        return Outcome<Acted>.Ok(new Acted(updated, decision.State, clocks, protocol.Title));
    }

    /// <summary>
    /// The calendars a contact at <paramref name="siteId"/> counts on, kept a few seconds per node
    /// (<see cref="OrganisationCalendar.CacheLife"/>): every action needs them and they change rarely.
    /// <paramref name="organisationId"/> is the tenant's (the rows are read through its filter).
    /// </summary>
    private Task<ContactCalendars> CalendarsAsync(Guid organisationId, Guid? siteId, CancellationToken ct) =>
        OrganisationCalendar.ContactCalendarsAsync(db, cache, organisationId, siteId, ct);

    private static async Task<Outcome<Acted>> RetryOr(Func<Task<Outcome<Acted>?>>? retry, Outcome<Acted> otherwise) =>
        (retry is null ? null : await retry()) ?? otherwise;

    private static Outcome<Acted> Stale() => new(default, Failure.Conflict, [new Problem("", "Contact.Stale")]);

    private static ContactAppend Append(Contact row, Guid actionId, int expected, IReadOnlyList<ContactEvent> events, ContactProjection projection,
        DateTimeOffset now) =>
        // The row was read through the tenant filter (or made for the current organisation): its organisation is the tenant's.
        new(row.OrganisationId, row.Id, actionId, expected,
            ContactEventJson.TypeOf(events), ContactEventJson.Write(events), events[0].At.UtcDateTime,
            events[0].ActorUserId == ContactActors.System ? null : events[0].ActorUserId, projection, CustomerId: row.CustomerId);

    private static Contact Updated(Contact row, ContactProjection p, int sequence, DateTimeOffset now) => new()
    {
        OrganisationId = row.OrganisationId, Id = row.Id, Channel = row.Channel, CustomerId = row.CustomerId, Reason = row.Reason,
        ProtocolId = row.ProtocolId, ProtocolVersion = row.ProtocolVersion, AgentUserId = row.AgentUserId, StartedAt = row.StartedAt,
        ReceivedAt = row.ReceivedAt, SiteId = row.SiteId, SubChannel = row.SubChannel, NextClockDueAt = p.NextClockDueAt,
        HandlerUserId = p.HandlerUserId, Status = p.Status, Outcome = p.Outcome, ClosedAt = p.ClosedAt, Escalated = p.Escalated,
        Breached = p.Breached, FirstResponseDueAt = p.FirstResponseDueAt, ResolutionDueAt = p.ResolutionDueAt, LastSequence = sequence,
        UpdatedAt = now.UtcDateTime,
    };

    /// <summary>
    /// A contact closed as needing a follow-up gives its agent one, due at the end of the day chosen. Its id is the
    /// close action's, so a retried close adds none; were the server to stop between the two writes, the follow-up is
    /// missing but the close stands (the contact's outcome still says it needs one).
    /// </summary>
    private async Task AfterCloseAsync(Contact row, ContactState state, Guid actionId, CancellationToken ct)
    {
        if (state.Outcome != ContactOutcome.NeedsFollowUp || state.FollowUpDue is not { } due) return;
        if (await db.FollowUps.AnyAsync(f => f.Id == actionId, ct)) return;
        var zoneId = await db.Organisations.Select(o => o.TimeZoneId).SingleAsync(ct);
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var z) ? z : TimeZoneInfo.Utc;
        var endOfDay = TimeZoneInfo.ConvertTimeToUtc(due.ToDateTime(new TimeOnly(23, 59)), zone);
        db.FollowUps.Add(new FollowUp
        {
            Id = actionId,
            ContactId = row.Id,
            AssignedUserId = row.AgentUserId,
            Kind = FollowUpKind.FollowUp,
            DueAt = endOfDay,
            Note = state.Note.Values.LastOrDefault(v => v.Length > 0) ?? row.Reason,
        });
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) { log.LogWarning(e, "The follow-up of contact {Contact} was not added (a concurrent retry may have)", row.Id); }
    }

    private async Task NotifyAsync(Guid organisationId, Guid id, CancellationToken ct)
    {
        try { await board.ContactChangedAsync(organisationId, id, ct); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // BoardRelay catches up with what a board missed (within its safety sweep); a failed push is not permanent.
            log.LogWarning(e, "Could not push contact {Contact} to the board", id);
        }
    }
}

/// <summary>One stored action of a contact: the events it recorded, exactly as stored (see <see cref="ContactEventJson"/>).</summary>
public sealed record StoredAction(int Sequence, Guid ActionId, string Type, DateTime At, Guid? ActorUserId,
    System.Text.Json.JsonElement Events, DateTime RecordedAt);
