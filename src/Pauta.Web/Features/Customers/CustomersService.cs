using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Pauta.Core.Customers;
using Pauta.Data.Entities;
using Pauta.Web.Features.Protocols;
using Pauta.Web.Features.Invitations;

namespace Pauta.Web.Features.Customers;

/// <summary>What a person types for a customer; blank e-mail, phone and language mean "not known".</summary>
public sealed record CustomerInput(string? Name, string? Email, string? Phone, string? Language);

/// <param name="Erased">The customer's personal data was erased (<see cref="CustomerErasure"/>): the name is empty, pages say "Erased customer".</param>
public sealed record CustomerView(Guid Id, string Name, string? Email, string? Phone, string? Language, DateTime CreatedAt, int Version, bool Erased = false);

/// <summary>One past or running contact of a customer, as the customer's page lists it.</summary>
public sealed record CustomerContactView(Guid Id, DateTime StartedAt, Channels Channel, Guid ProtocolId, string Protocol, int ProtocolVersion,
    ContactStatus Status, ContactOutcome? Outcome, string Reason);

/// <summary>Customers of the organisation: who they are, how to reach them, and their contacts.</summary>
public sealed class CustomersService(PautaDbContext db, CurrentMember current, TimeProvider time)
{
    /// <summary>Size limits, as the entity configuration stores them.</summary>
    public const int MaxNameLength = 200;
    public const int MaxPhoneLength = 40;
    public const int MaxSearchLength = 100;
    public const int MaxResults = 200;

    /// <summary>
    /// Customers whose name, e-mail or phone contains <paramref name="query"/>, by name. Case- and accent-insensitive
    /// for the letters Spanish and English use (the name is folded in SQL with replace/lower, which both databases
    /// have, so "garcia" finds "GARCÍA"); a phone also matches its digits without spaces or dashes. Simple on purpose:
    /// a contains scan over one organisation's customers, no index or typo tolerance.
    /// </summary>
    public async Task<IReadOnlyList<CustomerView>> SearchAsync(string? query, int max, CancellationToken ct)
    {
        max = Math.Clamp(max, 1, MaxResults);
        var customers = db.Customers.AsNoTracking();
        var q = (query ?? "").Trim();
        if (q.Length > MaxSearchLength) q = q[..MaxSearchLength];
        if (q.Length > 0) customers = customers.Where(Matches(q));
        return await customers.OrderBy(c => c.Name).ThenBy(c => c.Id).Take(max)
            .Select(c => new CustomerView(c.Id, c.Name, c.Email, c.Phone, c.Language, c.CreatedAt, c.Version, c.Name == ""))
            .ToListAsync(ct);
    }

    // Letters folded in SQL, upper and lower case: SQLite's lower() only knows ASCII, so accented capitals are replaced first.
    private static readonly (string From, string To)[] Folds =
    [
        ("á", "a"), ("Á", "a"), ("à", "a"), ("À", "a"), ("é", "e"), ("É", "e"), ("è", "e"), ("È", "e"),
        ("í", "i"), ("Í", "i"), ("ó", "o"), ("Ó", "o"), ("ú", "u"), ("Ú", "u"), ("ü", "u"), ("Ü", "u"),
        ("ñ", "n"), ("Ñ", "n"), ("ç", "c"), ("Ç", "c"),
    ];

    private static Expression<Func<Customer, bool>> Matches(string q)
    {
        var folded = SearchFolding.Fold(q);
        var lower = q.ToLowerInvariant();
        var digits = new string(q.Where(char.IsAsciiDigit).ToArray());
        var c = Expression.Parameter(typeof(Customer), "c");
        var replace = typeof(string).GetMethod(nameof(string.Replace), [typeof(string), typeof(string)])!;
        var toLower = typeof(string).GetMethod(nameof(string.ToLower), Type.EmptyTypes)!;
        var contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;

        Expression name = Expression.Property(c, nameof(Customer.Name));
        foreach (var (from, to) in Folds) name = Expression.Call(name, replace, Expression.Constant(from), Expression.Constant(to));
        Expression match = Expression.Call(Expression.Call(name, toLower), contains, Constant(folded));

        var email = Expression.Property(c, nameof(Customer.Email));
        match = Expression.OrElse(match, Expression.AndAlso(Expression.NotEqual(email, Expression.Constant(null, typeof(string))),
            Expression.Call(Expression.Call(email, toLower), contains, Constant(lower))));

        var phone = Expression.Property(c, nameof(Customer.Phone));
        Expression phoneMatch = Expression.Call(phone, contains, Constant(q));
        if (digits.Length >= 3)
        {
            Expression bare = phone;
            foreach (var separator in new[] { " ", "-", ".", "(", ")" })
                bare = Expression.Call(bare, replace, Expression.Constant(separator), Expression.Constant(""));
            phoneMatch = Expression.OrElse(phoneMatch, Expression.Call(bare, contains, Constant(digits)));
        }
        match = Expression.OrElse(match, Expression.AndAlso(Expression.NotEqual(phone, Expression.Constant(null, typeof(string))), phoneMatch));
        return Expression.Lambda<Func<Customer, bool>>(match, c);
    }

    /// <summary>A value EF sends as a parameter, not inlined into the SQL.</summary>
    private static Expression Constant(string value)
    {
        var box = new StrongBox<string>(value);
        return Expression.Field(Expression.Constant(box), nameof(StrongBox<string>.Value));
    }

    public Task<CustomerView?> GetAsync(Guid id, CancellationToken ct) =>
        db.Customers.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new CustomerView(c.Id, c.Name, c.Email, c.Phone, c.Language, c.CreatedAt, c.Version, c.Name == ""))
            .FirstOrDefaultAsync(ct);

    /// <summary>
    /// The customer's contacts the viewer may open, newest first: all of them with <see cref="Permission.ViewAllContacts"/>,
    /// otherwise those the viewer started or handles now (the rule the contact page applies, so no listed link is a 404).
    /// </summary>
    public async Task<IReadOnlyList<CustomerContactView>> ContactsAsync(Guid customerId, CancellationToken ct)
    {
        var contacts = db.Contacts.AsNoTracking().Where(c => c.CustomerId == customerId);
        if (!current.Can(Permission.ViewAllContacts))
        {
            var me = current.UserId;
            contacts = contacts.Where(c => c.AgentUserId == me || c.HandlerUserId == me);
        }
        return await contacts
            .OrderByDescending(c => c.StartedAt).ThenByDescending(c => c.Id)
            .Take(500)
            .Select(c => new CustomerContactView(c.Id, c.StartedAt, c.Channel, c.ProtocolId,
                db.ProtocolVersions.Where(v => v.ProtocolId == c.ProtocolId && v.Number == c.ProtocolVersion).Select(v => v.Title).First(),
                c.ProtocolVersion, c.Status, c.Outcome, c.Reason))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Customers whose name is <paramref name="name"/> in any case, accents or spacing (<see cref="CustomerNames"/>): the
    /// ones a person typing that name most likely means. Found with the search's folded contains scan, then compared exactly.
    /// </summary>
    public async Task<IReadOnlyList<CustomerView>> SameNameAsync(string? name, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength) return [];
        var candidates = await SearchAsync(name.Trim(), MaxResults, ct);
        return candidates.Where(c => CustomerNames.Same(c.Name, name)).ToList();
    }

    public static IEnumerable<Problem> Check(CustomerInput input)
    {
        foreach (var p in OrganisationRules.CheckName(input.Name, nameof(input.Name), MaxNameLength)) yield return p;
        var email = Blank(input.Email);
        if (email is not null)
        {
            if (email.Length > OrganisationRules.MaxEmailLength) yield return new Problem(nameof(input.Email), "Field.TooLong", OrganisationRules.MaxEmailLength);
            else if (!InvitationsService.IsEmail(email)) yield return new Problem(nameof(input.Email), "Identity.InvalidEmail", email);
        }
        var phone = Blank(input.Phone);
        if (phone is not null)
        {
            if (phone.Length > MaxPhoneLength) yield return new Problem(nameof(input.Phone), "Field.TooLong", MaxPhoneLength);
            else if (!phone.Any(char.IsAsciiDigit) || phone.Any(ch => !(char.IsAsciiDigit(ch) || ch is '+' or ' ' or '-' or '(' or ')' or '.')))
                yield return new Problem(nameof(input.Phone), "Customer.BadPhone", phone);
        }
        var language = Blank(input.Language);
        if (language is not null)
            foreach (var p in OrganisationRules.CheckLanguage(language, nameof(input.Language))) yield return p;
    }

    /// <param name="sameNameIsAnother">
    /// False when a person types the name (the new-customer page): a customer with the same name is refused with
    /// Customer.SameName until the person says it is another one. The API creates what it is sent.
    /// </param>
    public async Task<Outcome<CustomerView>> CreateAsync(CustomerInput input, CancellationToken ct, bool sameNameIsAnother = true)
    {
        var problems = Check(input).ToList();
        if (problems.Count > 0) return Outcome<CustomerView>.Invalid(problems);
        if (!sameNameIsAnother && (await SameNameAsync(input.Name, ct)).FirstOrDefault() is { } existing)
            return Outcome<CustomerView>.Invalid(nameof(input.Name), "Customer.SameName", existing.Name);

        var customer = new Customer { Id = Guid.CreateVersion7(), CreatedAt = time.GetUtcNow().UtcDateTime };
        Apply(customer, input);
        db.Customers.Add(customer);
        // The name is the customer's personal data: only its salted commitment enters the audit log (ADR-010).
        db.Audit(current.UserId, "customer.created", nameof(Customer), customer.Id, subjectId: customer.Id, personal: Describe(customer));
        await db.SaveChangesAsync(ct);
        return Outcome<CustomerView>.Ok((await GetAsync(customer.Id, ct))!);
    }

    public async Task<Outcome<CustomerView>> UpdateAsync(Guid id, CustomerInput input, int version, CancellationToken ct)
    {
        var customer = await db.Customers.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (customer is null) return Outcome<CustomerView>.NotFound();
        var problems = Check(input).ToList();
        if (problems.Count > 0) return Outcome<CustomerView>.Invalid(problems);
        if (customer.Version != version) return Outcome<CustomerView>.Conflict();
        if (CustomerErasure.IsErased(customer.Name)) return Outcome<CustomerView>.Invalid("", "Customers.ErasedCannotChange");

        var before = Describe(customer);
        Apply(customer, input);
        db.Entry(customer).Property(c => c.Version).OriginalValue = version;
        db.Audit(current.UserId, "customer.updated", nameof(Customer), id, subjectId: id, personal: $"{before} → {Describe(customer)}");
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return Outcome<CustomerView>.Conflict(); }
        return Outcome<CustomerView>.Ok((await GetAsync(id, ct))!);
    }

    private static string Describe(Customer c) => $"{c.Name} <{c.Email}> {c.Phone} {c.Language}";

    private static void Apply(Customer customer, CustomerInput input)
    {
        customer.Name = input.Name!.Trim();
        customer.Email = Blank(input.Email);
        customer.Phone = Blank(input.Phone);
        customer.Language = Blank(input.Language);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
