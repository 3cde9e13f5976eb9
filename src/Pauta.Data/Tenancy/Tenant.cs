namespace Pauta.Data.Tenancy;

/// <summary>Marks an entity that belongs to one organisation. The model gives every such entity the tenant filter.</summary>
public interface ITenantOwned
{
    Guid OrganisationId { get; set; }
}

/// <summary>Entities edited through forms carry a version so a stale save is refused rather than silently overwriting.</summary>
public interface IVersioned
{
    int Version { get; set; }
}

/// <summary>Rows that are only ever inserted: the audit trail, published versions. The SaveChanges guard refuses updates and deletes.</summary>
public interface IAppendOnly;

/// <summary>
/// The organisation the current unit of work acts for: one per request (set from the signed-in
/// member) or per CLI command. Unset means "no tenant": the filter then matches nothing and the
/// SaveChanges guard refuses to write tenant-owned rows.
/// </summary>
public sealed class Tenant
{
    public Guid? OrganisationId { get; private set; }

    public void Set(Guid organisationId)
    {
        if (OrganisationId is { } current && current != organisationId)
            throw new TenantMismatchException($"This unit of work already acts for organisation {current}.");
        OrganisationId = organisationId;
    }

    public static Tenant For(Guid organisationId)
    {
        var tenant = new Tenant();
        tenant.Set(organisationId);
        return tenant;
    }
}

public sealed class TenantMismatchException(string message) : InvalidOperationException(message);
